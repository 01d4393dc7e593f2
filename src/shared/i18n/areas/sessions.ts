/**
 * Conversations (`workload.sessions`, #12): the one-sentence answer in conversations held at once, the section's
 * headings, table headers and definitions, the methodology line and the per-turn TTFT chart. Figures arrive formatted
 * for the language. "Holds" is said only of a users level whose turns met the SLO.
 */
import type { Area } from "../types.js";

const en = {
  // the answer, in one sentence
  // `one…`: the count before it is 1 (English says "1 conversation", "1 turn")
  holds: (who: string, users: string, turns: string, think: string, condition: string, oneUser: boolean, oneTurn: boolean) =>
    `${who} holds ${users} conversation${oneUser ? "" : "s"} at once (${turns} turn${oneTurn ? "" : "s"} each, ${think} s between an answer and the next turn) with ${condition}, over every turn.`,
  aboveLevels: (users: string) => `${users} was the most conversations tried: it may hold more.`,
  firstMissed: (users: string) => `With ${users} at once it missed the SLO.`,
  noneHeld: (who: string, users: string, goodput: string, condition: string) =>
    `${who} met the SLO at none of the conversation levels tried: with ${users} at once, ${goodput} of turns met it (needed: ${condition}).`,
  noSlo: (who: string) => `${who}: no SLO is declared, so no number of conversations can be called sustainable; the turns are shown without a verdict.`,
  growth: (ratio: string, last: string, conversations: string, one: boolean) =>
    `At the lowest level (${one ? "one conversation: a single measurement, with no interval" : `${conversations} conversations`}), the median first token of turn ${last} took ${ratio}× as long as that of turn 1.`,
  // Methodology
  methodLine: (turns: string, think: string, users: string, perUser: string, oneTurn: boolean, oneUser: boolean) =>
    `conversations: ${turns} turn${oneTurn ? "" : "s"} each, ${think} s think time between an answer and the next turn; ${users} conversation${oneUser ? "" : "s"} at once (${perUser} per user, one after another)`,
  // the section
  heading: "Conversations",
  intro: "Each user holds a conversation: turn 1 sends the prompt, every later turn sends the earlier user messages with the model's real answers and a follow-up, after the previous answer ended and the think time passed (closed loop). TTFT per turn shows what the growing context costs; a level is the number of conversations at once.",
  levelHeading: (who: string, users: string) => `${who}: ${users} at once`,
  levelLine: (conversations: string, completed: string, goodput: string, verdict: string, oneConversation: boolean) =>
    `${conversations} conversation${oneConversation ? "" : "s"}, ${completed} complete; turns meeting the SLO: ${goodput} (${verdict}).`,
  colTurn: "turn",
  colAnswered: "answered",
  colTtft: "TTFT p50 / p90 / p99 ms",
  colMean: "TTFT mean ms (95% interval)",
  colPrompt: "prompt tokens",
  colCached: "cached tokens",
  colThink: "think ms",
  colGoodput: "meeting SLO",
  met: "met",
  missed: "missed",
  noVerdict: "no SLO",
  definitions: "How the conversation figures are defined",
  defTtft: "TTFT per turn: from the turn's send to its first streamed token; p50/p90/p99 over the level's conversations, mean with a 95% bootstrap interval.",
  defPrompt: "prompt tokens: the median prompt size of the turn, as the server counts it (on the embedded engine, as its tokenizer counts the prompt); it grows with every answer in the history.",
  defCached: "cached tokens: the median prompt tokens the server says it took from its prompt cache. Every turn of a conversation starts with that conversation's own nonce, so a server may reuse the conversation's own earlier turns, as in a real chat, but never another conversation's; llama-server is not told cache_prompt: false for conversations.",
  defThink: "think ms: the measured pause between the end of the previous answer and this turn's send (the declared think time plus scheduling).",
  defGoodput: "meeting SLO: turns meeting every SLO limit / turns planned (a failed turn, and the turns after it, which are not sent, count as missing it).",
  defMaxSessions: "Conversations held at once: the highest level of the unbroken run of levels meeting the SLO from the lowest up; a level above one that missed it is never claimed. It is the capacity summary's max_sessions.",
  defFailed: "A failed turn ends its conversation: a user does not go on from a missing answer. A resumed run continues each conversation from its stored answers (when answers are kept).",
  // summary: one line per variant and users level
  perTurnLine: (who: string, users: string, values: string) => `${who}, ${users} at once — median TTFT per turn: ${values} ms`,
  // compare
  sessionsChange: (who: string, a: string, b: string) => `conversations at once meeting the SLO, ${who}: ${a} → ${b}`,
  turnChange: (users: string, turn: string, a: string, b: string, ratio: string) => `  ${users} at once, turn ${turn}: TTFT mean ${a} → ${b} ms${ratio}`,
  noneHeldShort: "none",
  // the chart
  chartTitle: "TTFT per turn in conversations",
  chartCaption: "Median TTFT of each turn (points) with its p90 (dashed), per variant and number of conversations at once: the rise from turn to turn is the cost of the growing context.",
  axisTurn: "turn",
  axisTtft: "TTFT (ms)",
  seriesUsers: (users: string) => `${users} at once`,
};

export const sessions: Area<typeof en> = {
  en,
  ja: {
    holds: (who, users, turns, think, condition, _oneUser, _oneTurn) => `${who}は同時に${users}件の会話を保てます（1会話${turns}ターン、回答の終わりから次のターンまで${think}秒）。すべてのターンで${condition}。`,
    aboveLevels: (users) => `試した中で最も多い会話数は${users}件です。これ以上保てる可能性があります。`,
    firstMissed: (users) => `同時に${users}件ではSLOを満たしませんでした。`,
    noneHeld: (who, users, goodput, condition) =>
      `${who}は試したどの会話数でもSLOを満たしませんでした。同時に${users}件のとき、SLOを満たしたターンは${goodput}でした（必要な条件：${condition}）。`,
    noSlo: (who) => `${who}：SLOが宣言されていないため、持続可能な会話数は判定できません。各ターンを判定なしで示します。`,
    growth: (ratio, last, conversations, one) =>
      `最も低いレベル（${one ? "会話1件。1回だけの測定のため区間はありません" : `会話${conversations}件`}）で、ターン${last}の最初のトークンまでの時間（中央値）はターン1の${ratio}倍でした。`,
    methodLine: (turns, think, users, perUser, _oneTurn, _oneUser) =>
      `会話：1会話${turns}ターン、回答の終わりから次のターンまでの思考時間${think}秒。同時に${users}件の会話（利用者1人あたり${perUser}件を順に実行）`,
    heading: "会話",
    intro: "利用者ごとに一つの会話を行います。ターン1ではプロンプトを送り、以降のターンでは前の回答が終わって思考時間が過ぎた後に、それまでの利用者のメッセージとモデルの実際の回答、そして続きの質問を送ります（クローズドループ）。ターンごとのTTFTは、伸びていく文脈のコストを示します。各レベルは同時に行う会話の数です。",
    levelHeading: (who, users) => `${who}：同時に${users}件`,
    levelLine: (conversations, completed, goodput, verdict, _oneConversation) => `会話${conversations}件、すべてのターンを終えたもの${completed}件。SLOを満たしたターン：${goodput}（${verdict}）。`,
    colTurn: "ターン",
    colAnswered: "回答数",
    colTtft: "TTFT p50 / p90 / p99（ミリ秒）",
    colMean: "TTFT 平均（95%区間、ミリ秒）",
    colPrompt: "プロンプトのトークン数",
    colCached: "キャッシュ済みトークン数",
    colThink: "思考時間（ミリ秒）",
    colGoodput: "SLOを満たした割合",
    met: "達成",
    missed: "未達",
    noVerdict: "SLOなし",
    definitions: "会話の数値の定義",
    defTtft: "ターンごとのTTFT：ターンの送信から最初にストリームされたトークンまで。p50/p90/p99はレベル内の会話全体で、平均は95%ブートストラップ区間つき。",
    defPrompt: "プロンプトのトークン数：サーバーが数えたそのターンのプロンプトの大きさの中央値（組み込みエンジンではそのトークナイザーで数えた値）。履歴の回答が増えるたびに大きくなります。",
    defCached: "キャッシュ済みトークン数：サーバーがプロンプトキャッシュから使ったと報告したトークン数の中央値。会話のすべてのターンはその会話固有のノンスで始まるため、サーバーは実際のチャットと同じように同じ会話の以前のターンを再利用できますが、別の会話のものは再利用できません。会話ではllama-serverにcache_prompt: falseを送りません。",
    defThink: "思考時間：前の回答の終わりからこのターンの送信までに実際に空いた時間（宣言した思考時間とスケジューリングの遅れ）。",
    defGoodput: "SLOを満たした割合：SLOのすべての条件を満たしたターン数 ÷ 予定したターン数（失敗したターンと、その後に送られなかったターンは未達として数えます）。",
    defMaxSessions: "同時に保てる会話数：最も低いレベルから途切れずにSLOを満たしたレベルのうち最も高いもの。SLOを満たさなかったレベルより上を主張することはありません。処理能力の要約の max_sessions です。",
    defFailed: "失敗したターンはその会話を終わらせます（利用者は回答のないまま続けません）。再開した実行は、保存された回答から各会話を続けます（回答を保存している場合）。",
    perTurnLine: (who, users, values) => `${who}、同時${users}件 — ターンごとのTTFT中央値：${values}ミリ秒`,
    sessionsChange: (who, a, b) => `SLOを満たす同時会話数（${who}）：${a} → ${b}`,
    turnChange: (users, turn, a, b, ratio) => `  同時${users}件、ターン${turn}：TTFT平均 ${a} → ${b}ミリ秒${ratio}`,
    noneHeldShort: "なし",
    chartTitle: "会話のターンごとのTTFT",
    chartCaption: "各ターンのTTFTの中央値（点）とp90（破線）を、バリアントと同時に行う会話数ごとに示します。ターンごとの上昇は、伸びていく文脈のコストです。",
    axisTurn: "ターン",
    axisTtft: "TTFT（ミリ秒）",
    seriesUsers: (users) => `同時${users}件`,
  },
};
