package dev.greenboard.bench;

/**
 * Samples the embedded PostgreSQL's memory (PSS of the postmaster and its backends) every 500 ms; the JVM's own
 * peak comes from VmHWM, which the kernel keeps exactly.
 */
final class MemorySampler {

    private final GreenboardApp app;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakPostgresPssMb;

    private MemorySampler(GreenboardApp app) {
        this.app = app;
        this.thread = new Thread(this::loop, "memory-sampler");
        this.thread.setDaemon(true);
    }

    static MemorySampler start(GreenboardApp app) {
        MemorySampler sampler = new MemorySampler(app);
        sampler.thread.start();
        return sampler;
    }

    private void loop() {
        while (running) {
            peakPostgresPssMb = Math.max(peakPostgresPssMb, app.postgresPssMb());
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }

    long peakPostgresPssMb() {
        return peakPostgresPssMb;
    }
}
