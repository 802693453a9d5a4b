/** Who acts and where: every model function is scoped by an office, and writes name the user who made them. */
export type OfficeScope = { officeId: string };
/** A member of staff acting for their office. */
export type Actor = { userId: string; officeId: string };
/** One letter of one office. */
export type LetterScope = { letterId: string; officeId: string };
