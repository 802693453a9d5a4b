/** `npm run db:migrate`: applies pending migrations (the app also does this at start). */
import { getDbHandle, closeDb } from "#app/infra/db.server";

const handle = await getDbHandle();
console.log(`Migrations applied (${handle.driver}).`);
await closeDb();
