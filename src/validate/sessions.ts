/**
 * Conversations (issue #12): `workload.sessions` runs multi-turn chats, each turn sent with the growing history (the
 * model's real answers), so TTFT per turn shows what a longer context costs. A session (conversation) is the unit of a
 * user: `users` levels run that many conversations at once, closed loop, and the capacity summary reports the most
 * concurrent conversations whose turns meet the SLO (`max_sessions`).
 */
import { z } from "zod";

const Users = z.int().min(1).max(4096);

/** The user message of turns after the first when `follow_ups` is not given. */
export const DEFAULT_FOLLOW_UP = "Thank you. Please go on: add more detail to your last answer.";

export const Sessions = z
  .strictObject({
    turns: z.int().min(1).max(1000).describe("Turns per conversation. Turn 1 sends the prompt; each later turn sends every earlier user message and the model's real answers, then a follow-up."),
    think_time_s: z
      .number()
      .min(0)
      .max(3600)
      .default(0)
      .describe("Pause between the end of an answer and the next turn of the same conversation, in seconds (a person reading and typing). Default 0."),
    users: z
      .union([Users, z.array(Users).min(1).max(64)])
      .default(1)
      .describe(
        "Conversations running at once (closed loop: a user sends the next turn only after the answer and the think time). A list gives levels run one after another, e.g. [1, 2, 4]; `max_sessions` in the capacity summary is the highest level whose turns meet the SLO. Default 1.",
      ),
    conversations_per_user: z.int().min(1).max(10_000).default(1).describe("Conversations each user runs one after another in a level (a new conversation starts without a pause). Default 1."),
    follow_ups: z
      .array(z.string().min(1))
      .min(1)
      .max(1000)
      .optional()
      .describe(`The user messages of turns 2, 3, …, in order (cycled when there are fewer than turns − 1). Default: "${DEFAULT_FOLLOW_UP}"`),
  })
  .describe(
    "Multi-turn conversations after the other levels: per variant, prompt and users level, `users` conversations at once, each of `turns` turns sent with the history so far. With prompt_cache bust, every turn of a conversation starts with that conversation's own nonce, so a server may reuse the conversation's own earlier prefix (as in a real chat) but never another conversation's.",
  );

export type Sessions = z.infer<typeof Sessions>;

/** The users levels of a sessions block, ascending, without repeats. */
export const usersLevels = (s: Sessions): number[] => [...new Set(typeof s.users === "number" ? [s.users] : s.users)].sort((a, b) => a - b);

/** The user message of turn `turn` (1-based; turn 1 is the prompt itself and has none here). */
export const followUp = (s: Sessions, turn: number): string => {
  const list = s.follow_ups ?? [DEFAULT_FOLLOW_UP];
  return list[(turn - 2) % list.length] ?? DEFAULT_FOLLOW_UP;
};
