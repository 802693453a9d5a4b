/** `npm run db:seed`: loads the demo data into the configured database if it is empty. */
import { getDbHandle, closeDb } from "#app/infra/db.server";
import { seedDemoIfEmpty } from "#db/seed.server";

const handle = await getDbHandle();
const seeded = await seedDemoIfEmpty(handle.db);
console.log(seeded ? `Demo data loaded (${handle.driver}).` : "The database already has data; nothing loaded.");
await closeDb();
