/** Source material for generated data: names, letter bodies, addressees. Invented, but shaped like the real thing. */
import type { Block } from "#app/editor/build";

/** Seats per member state in the 10th term (720 in all). */
export const SEATS: ReadonlyArray<[string, number]> = [
  ["DE", 96], ["FR", 81], ["IT", 76], ["ES", 61], ["PL", 53], ["RO", 33], ["NL", 31], ["BE", 22], ["CZ", 21],
  ["EL", 21], ["HU", 21], ["PT", 21], ["SE", 21], ["AT", 20], ["BG", 17], ["DK", 15], ["FI", 15], ["SK", 15],
  ["IE", 14], ["HR", 12], ["LT", 11], ["LV", 9], ["SI", 9], ["EE", 7], ["CY", 6], ["LU", 6], ["MT", 6],
];

/** Group sizes at the start of the 10th term (720 in all). */
export const GROUP_SIZES: ReadonlyArray<[string, number]> = [
  ["EPP", 188], ["S&D", 136], ["PfE", 84], ["ECR", 78], ["Renew", 77], ["Greens/EFA", 53], ["The Left", 46], ["NI", 33], ["ESN", 25],
];

export const GIVEN_NAMES = [
  "Anna", "Bas", "Ľudovít", "Zoé", "Jörg", "Małgorzata", "Íñigo", "Søren", "Αλέξης", "Miriam", "Radosław", "Hélène",
  "Jens", "Kateřina", "Lukas", "Maria", "Nicolás", "Petra", "Raphaël", "Sándor", "Tineke", "Urmas", "Viola",
  "Włodzimierz", "Ana", "Björn", "Christel", "Dragoş", "Eleni", "Francesca", "Gunnar", "Hannah", "Ivars", "Jutta",
  "Kris", "Laura", "Marek", "Niels", "Oana", "Pernille", "Quentin", "Rasa", "Stelios", "Teresa", "Ugo", "Vlad",
];

export const FAMILY_NAMES = [
  "EICKHOUT", "ŠTEFANEC", "von CRAMON-TAUBADEL", "van der SANDEN", "de LANGE", "in 't VELD", "GARCÍA PÉREZ",
  "KOVÁČ", "MÜLLER", "NOWAK", "DUPONT", "ROSSI", "JANSSEN", "PAPADOPOULOS", "ÖZTÜRK", "NIELSEN", "DUBOIS",
  "KOWALSKI", "FERREIRA", "LINDQVIST", "HORVÁTH", "NOVÁK", "MURPHY", "BERZIŅŠ", "KAZLAUSKAS", "TAMM", "BORG",
  "WEBER", "SCHMIDT", "MARTIN", "BERNARD", "LEROY", "BIANCHI", "ROMANO", "FERNÁNDEZ", "LÓPEZ", "SILVA",
  "PETROV", "IONESCU", "POPESCU", "JOHANSSON", "ANDERSSON", "VIRTANEN", "KORHONEN", "O'BRIEN", "del CASTILLO",
  "di MAIO", "dos SANTOS", "ZAHRADIL", "MIKLOŠ", "GEORGIOU", "VELLA", "SCHUMANN", "HOLM", "KRAUSE", "LAMBERT",
];

export const NATIONAL_PARTIES = ["Party A", "Party B", "Party C", "Independent", "Alliance", "Movement", "Union"];

export const ADDRESSEES = [
  { name: "Ursula von der Leyen", role: "President", institution: "European Commission", salutation: "Dear President von der Leyen", email: "president@ec.europa.test" },
  { name: "Kaja Kallas", role: "High Representative / Vice-President", institution: "European Commission", salutation: "Dear High Representative", email: "hrvp@ec.europa.test" },
  { name: "Henna Virkkunen", role: "Executive Vice-President", institution: "European Commission", salutation: "Dear Executive Vice-President", email: "evp@ec.europa.test" },
  { name: "António Costa", role: "President", institution: "European Council", salutation: "Dear President Costa", email: "president@consilium.europa.test" },
  { name: "Roberta Metsola", role: "President", institution: "European Parliament", salutation: "Dear President Metsola", email: "president@ep.europa.test" },
];

export const SUBJECTS = [
  "Security of mobile network equipment procured with EU funds",
  "Forced labour in the supply chains of solar panels",
  "Independence of the media regulator",
  "Humanitarian access to the Gaza Strip",
  "Transparency of trilogue negotiations on the AI Act",
  "Rule-of-law conditionality and frozen cohesion funds",
  "Protection of journalists from abusive lawsuits",
  "Export controls on surveillance technology",
  "Detention of human rights defenders",
  "Public access to clinical trial data",
];

const P = [
  "We are writing to you as Members of the European Parliament from several political groups and Member States.",
  "The Commission's own assessment identified the risk as serious, yet the measures taken so far remain uneven across the Union.",
  "Procurement and funding decisions taken today will shape the resilience of our institutions for a decade or more.",
  "We therefore ask the Commission to set out, before the end of the year, how it intends to address these concerns.",
  "This is not a question of protectionism but of the basic duty to protect citizens, their rights and their data.",
  "We would be grateful for a written reply and remain at your disposal for a meeting with the undersigned Members.",
];

/** Three bodies of different length, each rendered once by the generator and reused for every letter. */
export const BODIES: Block[][] = [
  [
    { type: "p", text: `${P[0]} ${P[1]}[^Commission Recommendation (EU) 2019/534, https://eur-lex.europa.eu/eli/reco/2019/534/oj.]` },
    { type: "p", text: `${P[2]} ${P[3]}` },
    { type: "p", text: P[5] },
  ],
  [
    { type: "p", text: `${P[0]} ${P[4]}` },
    { type: "h2", text: "What we **ask**" },
    { type: "ol", items: ["a full assessment of the risks, published", "a timetable for the measures", "regular reporting to Parliament"] },
    { type: "p", text: `${P[1]}[^Written question E-000213/2022.] ${P[2]}[^Answer given on 12 April 2022.]` },
    { type: "quote", text: P[4] },
    { type: "p", text: `${P[3]} ${P[5]}` },
  ],
  [
    { type: "p", text: `${P[0]} ${P[1]} ${P[2]}` },
    { type: "h2", text: "Background" },
    { type: "p", text: `${P[4]}[^See the Court of Auditors' special report 03/2022.] ${P[1]} ${P[2]}` },
    { type: "ul", items: ["the **first** concern", "the second concern, with detail", "the third concern"] },
    { type: "h2", text: "Our requests" },
    { type: "p", text: `${P[3]}[^Article 17(1) TEU.] ${P[4]} ${P[2]}` },
    { type: "p", text: `${P[5]}` },
  ],
];
