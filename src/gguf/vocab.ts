/**
 * The vocabulary of the self-made models: a SentencePiece ("llama") tokenizer with unk/bos/eos, the 256 byte-fallback
 * tokens, ChatML control tokens, single characters, and English word pieces with every prefix (so that the SPM merge
 * algorithm can build each word from its letters).
 */

export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4, byte: 6 } as const;

export interface Vocab {
  tokens: string[];
  scores: number[];
  types: number[];
  /** Tokens the model must never emit (unk, bos, control, bytes and, unless allowed, eos). */
  banned: Set<number>;
  bos: number;
  eos: number;
  unk: number;
  imStart: number;
  imEnd: number;
}

const WORDS = `the of and to in is was for on that with as by at from it an be this are or his which not but have
had one all were they you has we more can been their there who its new other after first also two would time only
some when into most may like over than year years such made any used these three between many later where during
under world well while about both since part being through before work during against them high should each known
made state found people much best early small large local open model models token tokens data science report speed
test trial trials result results local remote server engine prompt answer question reason reasoning fast slow
rate memory client task tasks file files check checks pass fail wait run runs machine think thought explain detail
details research method methods evidence figure figures value values number numbers measure measured time times
latency decode prefill load compute quality private public confidential secure source open weight weights large
language learning machine neural network system systems design study studies analysis analyze review paper papers
example examples simple clear short long first last next every make take give show tell help use need want know
see look find come go get say good great right left little old big long same different important available free
full real true whole sure able human natural social general special common final main major certain recent
physical physics chemistry biology medicine health energy climate material materials discovery experiment
experiments simulation simulations protein molecule molecules drug drugs theory theories computer computers
scientist scientists scientific progress future history industry company companies product products market value
AI ML GPU CPU API LLM for Science`.split(/\s+/).filter(Boolean);

const CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"()-/%+=*#@&_[]{}<>";
const SPACE = "\u2581";

export function buildVocab(): Vocab {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const banned = new Set<number>();
  const add = (text: string, type: number, score: number, ban: boolean): number => {
    const id = tokens.length;
    tokens.push(text);
    scores.push(score);
    types.push(type);
    if (ban) banned.add(id);
    return id;
  };
  const unk = add("<unk>", TOKEN_TYPE.unknown, 0, true);
  const bos = add("<s>", TOKEN_TYPE.control, 0, true);
  const eos = add("</s>", TOKEN_TYPE.control, 0, true);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, TOKEN_TYPE.byte, 0, true);
  const imStart = add("<|im_start|>", TOKEN_TYPE.control, 0, true);
  const imEnd = add("<|im_end|>", TOKEN_TYPE.control, 0, true);
  const seen = new Set(tokens);
  const piece = (text: string): void => {
    if (seen.has(text)) return;
    seen.add(text);
    // Longer pieces score higher, so SPM merges prefer whole words.
    add(text, TOKEN_TYPE.normal, -1000 + [...text].length, false);
  };
  piece(SPACE);
  for (const c of CHARS) piece(c);
  for (const word of new Set(WORDS)) {
    const full = SPACE + word;
    for (let i = 2; i <= full.length; i++) piece(full.slice(0, i));
  }
  return { tokens, scores, types, banned, bos, eos, unk, imStart, imEnd };
}

/** ChatML, the template llama.cpp and node-llama-cpp recognise without further configuration. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
