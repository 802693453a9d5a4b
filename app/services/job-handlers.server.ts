/** Importing this module registers every background job handler with the worker. */
import "./mailer.server";
import "#app/models/reminders.server";
import "#app/models/sending.server";
import { registerQuestionJobHandlers } from "./questions.server";

registerQuestionJobHandlers();
