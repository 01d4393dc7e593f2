/** What `manifest.json` keeps about open-loop load (`workload.load`, `workload.sweep`), for the capacity analysis. */
export interface ManifestLoadLevel {
  /** `<arrivals>@<rate>`, the level's part of its trial keys. */
  id: string;
  rate: number;
  arrivals: string;
  burstiness?: number;
  max_concurrency?: number;
  /** Requests in the level's schedule. */
  requests: number;
  sweep: boolean;
}

export interface ManifestLoad {
  /** One user sends one request every this many seconds: users = sustainable rate × this. */
  user_interval_s: number;
  /** The planned levels (a search may add rates between them, and skip higher ones). */
  levels: ManifestLoadLevel[];
  search: boolean;
  refine: number;
}

/** What `manifest.json` keeps about conversations (`workload.sessions`), as declared. */
export interface ManifestSessions {
  turns: number;
  think_time_s: number;
  /** The users levels (conversations at once), ascending. */
  users: number[];
  conversations_per_user: number;
  /** The follow-up messages of turns 2, 3, … (cycled); the default one when none were declared. */
  follow_ups: string[];
}
