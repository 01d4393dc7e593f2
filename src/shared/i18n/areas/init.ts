/** `trialbook init`: finding the local model servers and writing a first experiment. */
import type { Area } from "../types.js";

const en = {
  probing: (n: number) => `asking ${n} addresses what they serve…`,
  noServer: (where: string) => `no model server answered (${where}). Start Ollama, LM Studio, llama-server, vLLM or LiteLLM, or name its address: trialbook init http://HOST:PORT`,
  noChatModel: "the servers found list no chat model: load or pull one, then run init again",
  found: (servers: number, models: number) => `${servers} servers, ${models} models:`,
  columns: "#|server|kind|model|format|quantization|parameters|size",
  notChat: (what: string) => `(${what}: not a chat model, left out)`,
  choose: "Models to compare: numbers separated by spaces or commas (Enter: all listed): ",
  badChoice: (s: string) => `"${s}" is not a number from the list; try again`,
  unknownModel: (name: string, served: string) => `--models ${name}: no server found serves it; served: ${served}`,
  exists: (path: string) => `${path} exists; nothing written (--force overwrites it)`,
  wrote: (path: string, variants: number, servers: number) => `wrote ${path}: ${variants} variants on ${servers} servers`,
  wroteData: (path: string) => `wrote ${path} (an example file for the dataset: replace it with your own)`,
  next: (path: string) => `next: trialbook validate ${path} && trialbook run ${path}`,
  invalid: "the written experiment does not validate (a bug in init; please report it):",
};

export const init: Area<typeof en> = {
  en,
  ja: {
    probing: (n) => `${n} 件のアドレスに提供中のモデルを問い合わせています…`,
    noServer: (where) => `応答するモデルサーバーがありません（${where}）。Ollama、LM Studio、llama-server、vLLM、LiteLLM のいずれかを起動するか、アドレスを指定してください: trialbook init http://HOST:PORT`,
    noChatModel: "見つかったサーバーにはチャットモデルがありません。モデルを読み込むか取得してから、もう一度 init を実行してください",
    found: (servers, models) => `サーバー ${servers} 台、モデル ${models} 件:`,
    columns: "#|サーバー|種類|モデル|形式|量子化|パラメータ数|サイズ",
    notChat: (what) => `（${what}: チャットモデルではないため除外）`,
    choose: "比較するモデルの番号をスペースまたはカンマ区切りで入力してください（Enter: 一覧のすべて）: ",
    badChoice: (s) => `「${s}」は一覧の番号ではありません。もう一度入力してください`,
    unknownModel: (name, served) => `--models ${name}: このモデルを提供するサーバーが見つかりません。提供中: ${served}`,
    exists: (path) => `${path} は既に存在するため、何も書き込んでいません（--force で上書きします）`,
    wrote: (path, variants, servers) => `${path} を書き込みました: サーバー ${servers} 台、バリアント ${variants} 件`,
    wroteData: (path) => `${path} を書き込みました（データセットの例です。お手元のファイルに置き換えてください）`,
    next: (path) => `次に: trialbook validate ${path} && trialbook run ${path}`,
    invalid: "書き込んだ実験ファイルが検証に通りません（init の不具合です。報告してください）:",
  },
};
