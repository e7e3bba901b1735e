package sos.local;

public final class Main {
    public static void main(String[] args) {}
}
