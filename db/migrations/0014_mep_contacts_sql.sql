-- Addresses already in the directory came from EP imports (no screen edited them before): remember them as the
-- EP's, so the next import keeps comparing against what the EP published.
UPDATE "meps" SET "ep_email" = "email" WHERE "ep_id" IS NOT NULL AND "email" IS NOT NULL;
