// Applies committed migrations when some are pending; does nothing, and takes no lock, otherwise.
import { applyPendingMigrations, MigrationError } from "@/lib/db-migrations";

try {
  applyPendingMigrations();
} catch (error) {
  if (!(error instanceof MigrationError)) throw error;
  process.stderr.write(error.output);
  console.error(error.message);
  process.exit(error.exitCode);
}
