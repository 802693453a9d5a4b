/** Letter templates. */
export const templates = {
  "templates.use.saveAs": "Save as template",
  "templates.use.name": "Template name",
  "templates.use.saved": "Saved as the template “{name}”.",
  "templates.use.error.name": "Give the template a name (up to 120 characters).",
  "templates.title": "Letter templates",
  "templates.intro":
    "Templates are starting points for new letters: a subject, a language and a text. Save one from a letter's edit page.",
  "templates.empty": "Your office has no templates yet.",
  "templates.col.name": "Name",
  "templates.col.subject": "Subject",
  "templates.col.language": "Language",
  "templates.col.created": "Saved",
  "templates.use": "New letter from this",
  "templates.delete": "Delete",
  "templates.deleteNamed": "Delete the template {name}",
  "templates.deleted": "Template deleted.",
  "templates.link": "Templates",
} as const;
