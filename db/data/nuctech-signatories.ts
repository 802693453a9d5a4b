/**
 * The 56 signatories of the seed case (Nuctech letter, December 2022), in the order of the seed
 * file, with their group, country and party at the time and the placeholder EP id they carry in
 * db/data/meps-sample.xml and meps-sample.jsonld. Project-owned copy: the app never reads ../shared.
 */
export type SeedSignatory = {
  epId: number;
  givenName: string;
  familyName: string;
  /** EU country code (EL for Greece). */
  country: string;
  /** Short group label, 9th term. */
  politicalGroup: string;
  nationalParty: string;
  /** The lead signatory (Bart Groothuis). */
  lead: boolean;
};

export const NUCTECH_SIGNATORIES: readonly SeedSignatory[] = [
  { epId: 990001, givenName: "François", familyName: "Alfonsi", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "Régions et Peuples Solidaires", lead: false },
  { epId: 990003, givenName: "Petras", familyName: "Auštrevičius", country: "LT", politicalGroup: "Renew", nationalParty: "Liberalų sąjūdis", lead: false },
  { epId: 990004, givenName: "Malik", familyName: "Azmani", country: "NL", politicalGroup: "Renew", nationalParty: "VVD", lead: false },
  { epId: 990005, givenName: "Gunnar", familyName: "Beck", country: "DE", politicalGroup: "ID", nationalParty: "AfD", lead: false },
  { epId: 990006, givenName: "Tiziana", familyName: "Beghin", country: "IT", politicalGroup: "NI", nationalParty: "Movimento 5 Stelle", lead: false },
  { epId: 990007, givenName: "Tom", familyName: "Berendsen", country: "NL", politicalGroup: "EPP", nationalParty: "CDA", lead: false },
  { epId: 990008, givenName: "Benoît", familyName: "Biteau", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990010, givenName: "Saskia", familyName: "Bricmont", country: "BE", politicalGroup: "Greens/EFA", nationalParty: "Ecolo", lead: false },
  { epId: 990011, givenName: "Reinhard", familyName: "Bütikofer", country: "DE", politicalGroup: "Greens/EFA", nationalParty: "Bündnis 90/Die Grünen", lead: false },
  { epId: 990013, givenName: "Mohammed", familyName: "Chahim", country: "NL", politicalGroup: "S&D", nationalParty: "PvdA", lead: false },
  { epId: 990012, givenName: "Damien", familyName: "Carême", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990014, givenName: "Olivier", familyName: "Chastel", country: "BE", politicalGroup: "Renew", nationalParty: "MR", lead: false },
  { epId: 990015, givenName: "David", familyName: "Cormand", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990016, givenName: "Katalin", familyName: "Cseh", country: "HU", politicalGroup: "Renew", nationalParty: "Momentum", lead: false },
  { epId: 990019, givenName: "Gwendoline", familyName: "Delbos-Corfield", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990023, givenName: "Martina", familyName: "Dlabajová", country: "CZ", politicalGroup: "Renew", nationalParty: "ANO", lead: false },
  { epId: 990021, givenName: "Karima", familyName: "Delli", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990025, givenName: "Bas", familyName: "Eickhout", country: "NL", politicalGroup: "Greens/EFA", nationalParty: "GroenLinks", lead: false },
  { epId: 990026, givenName: "Nicolaus", familyName: "Fest", country: "DE", politicalGroup: "ID", nationalParty: "AfD", lead: false },
  { epId: 990029, givenName: "Gianna", familyName: "Gancia", country: "IT", politicalGroup: "ID", nationalParty: "Lega", lead: false },
  { epId: 990030, givenName: "Raphaël", familyName: "Glucksmann", country: "FR", politicalGroup: "S&D", nationalParty: "Place publique", lead: false },
  { epId: 990032, givenName: "Bart", familyName: "Groothuis", country: "NL", politicalGroup: "Renew", nationalParty: "VVD", lead: true },
  { epId: 990033, givenName: "Christophe", familyName: "Grudler", country: "FR", politicalGroup: "Renew", nationalParty: "MoDem", lead: false },
  { epId: 990034, givenName: "Claude", familyName: "Gruffat", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990035, givenName: "Francisco", familyName: "Guerreiro", country: "PT", politicalGroup: "Greens/EFA", nationalParty: "Independent", lead: false },
  { epId: 990036, givenName: "Valérie", familyName: "Hayer", country: "FR", politicalGroup: "Renew", nationalParty: "Renaissance", lead: false },
  { epId: 990037, givenName: "Krzysztof", familyName: "Hetman", country: "PL", politicalGroup: "EPP", nationalParty: "PSL", lead: false },
  { epId: 990038, givenName: "Jan", familyName: "Huitema", country: "NL", politicalGroup: "Renew", nationalParty: "VVD", lead: false },
  { epId: 990040, givenName: "Yannick", familyName: "Jadot", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990041, givenName: "Agnes", familyName: "Jongerius", country: "NL", politicalGroup: "S&D", nationalParty: "PvdA", lead: false },
  { epId: 990042, givenName: "Irena", familyName: "Joveva", country: "SI", politicalGroup: "Renew", nationalParty: "Gibanje Svoboda", lead: false },
  { epId: 990044, givenName: "Assita", familyName: "Kanko", country: "BE", politicalGroup: "ECR", nationalParty: "N-VA", lead: false },
  { epId: 990048, givenName: "David", familyName: "Lega", country: "SE", politicalGroup: "EPP", nationalParty: "Kristdemokraterna", lead: false },
  { epId: 990049, givenName: "Miriam", familyName: "Lexmann", country: "SK", politicalGroup: "EPP", nationalParty: "KDH", lead: false },
  { epId: 990050, givenName: "Nathalie", familyName: "Loiseau", country: "FR", politicalGroup: "Renew", nationalParty: "Renaissance", lead: false },
  { epId: 990055, givenName: "Emmanuel", familyName: "Maurel", country: "FR", politicalGroup: "The Left", nationalParty: "Gauche républicaine et socialiste", lead: false },
  { epId: 990058, givenName: "Alin", familyName: "Mituța", country: "RO", politicalGroup: "Renew", nationalParty: "USR PLUS", lead: false },
  { epId: 990059, givenName: "Caroline", familyName: "Nagtegaal", country: "NL", politicalGroup: "Renew", nationalParty: "VVD", lead: false },
  { epId: 990060, givenName: "Johan", familyName: "Nissinen", country: "SE", politicalGroup: "ECR", nationalParty: "Sverigedemokraterna", lead: false },
  { epId: 990063, givenName: "Mauri", familyName: "Pekkarinen", country: "FI", politicalGroup: "Renew", nationalParty: "Keskusta", lead: false },
  { epId: 990064, givenName: "Carles", familyName: "Puigdemont", country: "ES", politicalGroup: "NI", nationalParty: "Junts per Catalunya", lead: false },
  { epId: 990065, givenName: "Catharina", familyName: "Rinzema", country: "NL", politicalGroup: "Renew", nationalParty: "VVD", lead: false },
  { epId: 990066, givenName: "Michèle", familyName: "Rivasi", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990067, givenName: "Rob", familyName: "Roos", country: "NL", politicalGroup: "ECR", nationalParty: "JA21", lead: false },
  { epId: 990068, givenName: "Caroline", familyName: "Roose", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990069, givenName: "Bert-Jan", familyName: "Ruissen", country: "NL", politicalGroup: "ECR", nationalParty: "SGP", lead: false },
  { epId: 990070, givenName: "Mounir", familyName: "Satouri", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990072, givenName: "Michal", familyName: "Šimečka", country: "SK", politicalGroup: "Renew", nationalParty: "Progresívne Slovensko", lead: false },
  { epId: 990073, givenName: "Ivan", familyName: "Štefanec", country: "SK", politicalGroup: "EPP", nationalParty: "KDH", lead: false },
  { epId: 990075, givenName: "Tineke", familyName: "Strik", country: "NL", politicalGroup: "Greens/EFA", nationalParty: "GroenLinks", lead: false },
  { epId: 990076, givenName: "Marie", familyName: "Toussaint", country: "FR", politicalGroup: "Greens/EFA", nationalParty: "EELV", lead: false },
  { epId: 990077, givenName: "Dragoș", familyName: "Tudorache", country: "RO", politicalGroup: "Renew", nationalParty: "USR PLUS", lead: false },
  { epId: 990083, givenName: "Hilde", familyName: "Vautmans", country: "BE", politicalGroup: "Renew", nationalParty: "Open VLD", lead: false },
  { epId: 990084, givenName: "Marie-Pierre", familyName: "Vedrenne", country: "FR", politicalGroup: "Renew", nationalParty: "MoDem", lead: false },
  { epId: 990085, givenName: "Viola", familyName: "von Cramon-Taubadel", country: "DE", politicalGroup: "Greens/EFA", nationalParty: "Bündnis 90/Die Grünen", lead: false },
  { epId: 990088, givenName: "Lara", familyName: "Wolters", country: "NL", politicalGroup: "S&D", nationalParty: "PvdA", lead: false },
];
