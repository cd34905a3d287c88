package io.qdm.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** eval-service yields the CPU to the generation path in the local stack; the others run at normal priority. */
class LocalStackNicenessTest {

    @Test
    void onlyEvalServiceRunsNiced() {
        for (StackService s : StackService.ALL) {
            assertEquals(s.name().equals("eval-service") ? StackService.EVAL_NICENESS : 0, s.niceness(), s.name());
        }
        assertEquals(List.of(), LocalStack.niceCommand(0));
    }

    /** The prefix really starts the process at that niceness, as the kernel reports it (field 19 of /proc/PID/stat). */
    @Test
    void theNicePrefixStartsTheProcessAtThatNiceness() throws Exception {
        List<String> prefix = LocalStack.niceCommand(StackService.EVAL_NICENESS);
        assumeTrue(!prefix.isEmpty() && Files.isDirectory(Path.of("/proc/self")), "needs nice and /proc (Linux)");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("sleep", "30"));
        Process p = new ProcessBuilder(cmd).start();
        try {
            Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
            // nice execs sleep in the same process; wait until it has (the command name in field 2 changes)
            long until = System.nanoTime() + 10_000_000_000L;
            String line = Files.readString(stat);
            while (!line.contains("(sleep)") && System.nanoTime() < until) {
                Thread.sleep(20);
                line = Files.readString(stat);
            }
            // fields after the parenthesised command name: state is field 3, nice is field 19
            String[] after = line.substring(line.lastIndexOf(')') + 2).split(" ");
            assertEquals("(sleep)", line.substring(line.indexOf('('), line.lastIndexOf(')') + 1));
            assertEquals(StackService.EVAL_NICENESS, Integer.parseInt(after[19 - 3]));
        } finally {
            p.destroyForcibly();
        }
    }
}
