/** The JVM alone on the agent's flags, doing nothing: the part of every figure no Java program avoids. */
public final class IdleJvmFloor {
    public static void main(String[] args) throws Exception {
        Thread.sleep(Long.MAX_VALUE);
    }
}
