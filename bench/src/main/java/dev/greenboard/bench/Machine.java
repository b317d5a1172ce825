package dev.greenboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a number was measured on: cores, memory, CPU model and the load at the time. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format("%d cores (nproc), %s memory, %s, Java %s", Runtime.getRuntime().availableProcessors(),
                memory(), cpuModel(), System.getProperty("java.version"));
    }

    /** The 1-, 5- and 15-minute load averages, as {@code uptime} shows them. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double load1() {
        try {
            return Double.parseDouble(load().split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.1f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "unknown";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }
}
