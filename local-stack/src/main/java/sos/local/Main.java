package sos.local;

import java.util.Arrays;
import sos.local.cli.SosCli;

/**
 * One entry point for everything the local stack runs: {@code up} starts the platform, {@code kafka-node} and
 * {@code postgres-node} are the broker and database processes it spawns, and the rest are CLI commands.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "up" -> System.exit(LocalStack.runUntilStopped(StackOptions.parse(rest)));
            case "kafka-node" -> KafkaNode.main(rest);
            case "postgres-node" -> PostgresNode.main(rest);
            default -> System.exit(SosCli.run(args));
        }
    }
}
