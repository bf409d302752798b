// Applies committed migrations when some are pending; does nothing, and takes no lock, otherwise.
import { applyPendingMigrationsOrReport } from "@/lib/db-migrations";

const exitCode = await applyPendingMigrationsOrReport();
if (exitCode !== 0) process.exit(exitCode);
