package sos.local;

/**
 * Ends a child process of the local stack when the launcher that started it is gone, even when the launcher was
 * killed with SIGKILL and could not stop its children: no process is left behind.
 */
final class ParentWatch {

    static final String PARENT_PID_ENV = "SOS_PARENT_PID";

    private ParentWatch() {}

    static void exitWhenParentDies() {
        String pid = System.getenv(PARENT_PID_ENV);
        if (pid == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid))
                .ifPresentOrElse(
                        parent -> {
                            Thread watcher = new Thread(
                                    () -> {
                                        parent.onExit().join();
                                        System.err.println("launcher " + pid + " is gone; stopping");
                                        System.exit(0);
                                    },
                                    "parent-watch");
                            watcher.setDaemon(true);
                            watcher.start();
                        },
                        () -> System.exit(0));
    }
}
