/** Next.js calls this once when a server starts; the scheduler lives only in the Node.js runtime. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSignIn } = await import("@/lib/auth/start-up");
  await startSignIn();
  const { startSharedReadWarmer } = await import("@/lib/coverage/warm-reads");
  startSharedReadWarmer();
  const { startScheduler } = await import("@/lib/scheduler");
  await startScheduler();
}
