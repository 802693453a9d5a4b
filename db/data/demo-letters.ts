/** Texts for the demo letters, in our own words, written from the facts of the seed case. */
import type { Block } from "#app/editor/build";

export const NUCTECH_CAMPAIGN = {
  title: "Nuctech and EU customs control equipment",
  summary: "Keep the Chinese state-owned scanner maker Nuctech out of EU-funded customs equipment tenders (CCEI).",
};

export const NUCTECH_SUBJECT = "Barring Nuctech from tenders under the Customs Control Equipment Instrument";

export const NUCTECH_ADDRESSEES = [
  { name: "Ursula von der Leyen", role: "President of the European Commission", institution: "European Commission", salutation: "Dear President von der Leyen", email: "president.demo@ec.demo.undersigned.test" },
  { name: "Thierry Breton", role: "Commissioner for the Internal Market", institution: "European Commission", salutation: "Dear Commissioner Breton", email: "breton.demo@ec.demo.undersigned.test" },
  { name: "Paolo Gentiloni", role: "Commissioner for the Economy", institution: "European Commission", salutation: "Dear Commissioner Gentiloni", email: "gentiloni.demo@ec.demo.undersigned.test" },
];

export const NUCTECH_BODY: Block[] = [
  {
    type: "p",
    text: "We write to you, as Members of the European Parliament from across the political spectrum, about the Customs Control Equipment Instrument (CCEI). With more than EUR 1 billion at its disposal, the CCEI helps Member States buy scanners and other screening systems for their ports, airports and land borders. We are concerned that part of this money may go to Nuctech, a company owned by the Chinese state.",
  },
  {
    type: "p",
    text: "Nuctech has been winning market share in Europe with prices well below those of its competitors. The United States, Lithuania and Canada have already excluded it from public contracts, pointing to the risk that its machines and the remote maintenance they require could be used for espionage.[^Reporting on the exclusions by the United States, Lithuania and Canada, as cited in the original letter; see the lead office's file for the full source.]",
  },
  {
    type: "p",
    text: "Financing Nuctech equipment with EU funds would entrench the company at our external borders. It would expose sensitive customs data and make our customs authorities depend on a high-risk supplier for maintenance, software updates and spare parts for many years.",
  },
  {
    type: "p",
    text: "Regulation (EU) 2021/1077, which establishes the CCEI, puts particular weight on data protection and cyber-resilience. Ports and airports are critical entities under EU law. At the same time, China's National Intelligence Law obliges Chinese companies to hand over data to the intelligence services on request. These obligations cannot be reconciled.",
  },
  {
    type: "p",
    text: "We therefore ask the Commission to **enforce the admissibility criteria of the CCEI and to bar Nuctech from tenders financed by the instrument** before the CCEI Coordination Group meets on 7 December 2022, and to stop CCEI funding to Member States that do not comply.",
  },
  { type: "p", text: "We look forward to your reply." },
  { type: "p", text: "Yours sincerely," },
];

export const NUCTECH_REPLY = {
  receivedOn: "2023-02-14",
  senderName: "Ursula von der Leyen",
  senderRole: "President of the European Commission",
  kind: "substantive" as const,
  body: [
    "Dear Honourable Member,",
    "Thank you for your letter, also on behalf of the other co-signatories, concerning customs control equipment financed under the CCEI. The Commission set out its position on restricting Chinese high-tech products in its answer to written question E-000213/2022.",
    "Procurement of the equipment financed by CCEI grants is carried out by the Member States, which must apply EU and national public procurement law.",
    "The Commission has asked Member States to include security, data protection and cybersecurity requirements in their grant documentation, and has issued guidance that security criteria should take precedence over price.",
    "The Commission will follow implementation closely and consider measures within the EU legal framework to protect security and public order in EU award procedures.",
    "Yours faithfully,",
  ].join("\n\n"),
};

export const NUCTECH_QUESTION = {
  type: "E",
  number: 213,
  year: 2022,
  term: 9,
  reference: "E-000213/2022",
  title: "Commission position on banning Chinese high-tech products",
};

export const FOLLOW_UP_SUBJECT = "Security criteria in CCEI tenders: one year on";

export const FOLLOW_UP_ADDRESSEES = [
  { name: "Paolo Gentiloni", role: "Commissioner for the Economy", institution: "European Commission", salutation: "Dear Commissioner Gentiloni", email: "gentiloni.demo@ec.demo.undersigned.test" },
];

export const FOLLOW_UP_BODY: Block[] = [
  {
    type: "p",
    text: "In February 2023 the Commission told us that Member States should let security criteria prevail over price when they buy customs equipment with CCEI grants, and that it would follow implementation closely.",
  },
  { type: "p", text: "We would be grateful if you could tell us:" },
  {
    type: "ol",
    items: [
      "how many CCEI-funded contracts have been awarded since then, and to which suppliers;",
      "whether any Member State has awarded a CCEI-funded contract to a supplier subject to the National Intelligence Law of the People's Republic of China;",
      "what measures the Commission has taken in the EU legal framework to protect security and public order in award procedures.",
    ],
  },
  { type: "p", text: "Yours sincerely," },
];
