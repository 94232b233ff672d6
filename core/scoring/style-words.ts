/**
 * Words the n-gram model does not learn from, because in the training data they tell sources
 * apart rather than scams from legitimate calls. Pure data. Each group was found by comparing
 * how often an n-gram occurs in one source against the other sources of the same label, and is
 * neutral content in a real call:
 * - person names and placeholder companies: the synthetic calls reuse a few stock names
 *   ("Karen from XYZ", "Officer Johnson"), so a name learned a label (names that are also
 *   common words, like "Bill" or "White", are left alone);
 * - honorifics ("sir", "ma'am", "Mr"): caption transcripts of real scam calls are full of them;
 * - backchannels and politeness ("yeah", "sure", "thanks", "like"): dialogues say them, robocall
 *   monologues do not, and an automatic transcript ends on "Thank you." when the audio stops.
 * They are skipped exactly like the fillers (fillers.ts): as if the word were not there.
 */

const HONORIFICS = ['sir', 'maam', 'madam', 'mister', 'mr', 'mrs', 'ms', 'dr'];

const BACKCHANNELS = [
  'yeah',
  'yep',
  'yup',
  'yah',
  'ya',
  'nope',
  'nah',
  'sure',
  'alright',
  'sorry',
  'thanks',
  'thank',
  'bye',
  'goodbye',
  'like',
  'actually',
  'really',
  'basically',
  'anyway',
  'gonna',
  'wanna',
  'kinda',
  'help',
];

const PERSON_NAMES = [
  // first names
  ...['john', 'karen', 'emily', 'rachel', 'sarah', 'david', 'alex', 'mike', 'michael', 'james'],
  ...['ryan', 'robert', 'mary', 'jennifer', 'linda', 'jessica', 'lisa', 'susan', 'tom'],
  ...['kevin', 'brian', 'daniel', 'chris', 'jane', 'anna', 'amy', 'laura', 'rebecca', 'emma'],
  ...['olivia', 'sophia', 'william', 'richard', 'joseph', 'thomas', 'charles', 'steve', 'paul'],
  ...['andrew', 'josh', 'matt', 'jason', 'eric', 'jeff', 'scott', 'tim', 'nancy', 'betty'],
  ...['helen', 'sandra', 'donna', 'carol', 'ruth', 'sharon', 'michelle', 'kim', 'amanda', 'ashley'],
  ...['jack', 'sam', 'ben', 'dave', 'bob', 'joe', 'jim', 'tony', 'peter', 'george'],
  // surnames
  ...['smith', 'johnson', 'williams', 'brown', 'jones', 'miller', 'davis', 'wilson', 'anderson'],
  ...['taylor', 'thomas', 'moore', 'jackson', 'martin', 'harris', 'thompson', 'garcia'],
  ...['martinez', 'robinson', 'clark', 'lewis', 'lee', 'walker', 'allen', 'wright', 'lopez'],
  ...['scott', 'adams', 'nelson', 'jenkins'],
  // placeholder companies of the synthetic calls
  ...['xyz', 'abc'],
];

/** Lower-case, apostrophe-free words the model skips. */
export const STYLE_WORDS: ReadonlySet<string> = new Set([
  ...HONORIFICS,
  ...BACKCHANNELS,
  ...PERSON_NAMES,
]);
