/** The offices a person belongs to and switching between them (/settings/offices). */
export const offices = {
  "offices.title": "Your offices",
  "offices.intro": "You belong to several offices. Everything you see and do is for the office you act for now.",
  "offices.introOne": "You belong to one office. When another office invites you and you accept, it appears here.",
  "offices.current": "You act for this office now",
  "offices.switch.label": "Act for {office}",
  "offices.switch.invalid": "Choose one of your offices.",
  "offices.nav": "Your offices",
  "offices.col.office": "Office",
  "offices.col.role": "Your role",
  "offices.col.action": "Action",
} as const;
