/**
 * `trialbook completion`: yargs' own shell completion (bash, and zsh through bashcompinit). Commands, options and
 * choices complete from the same definitions --help shows. Not a command module: yargs registers it on the root.
 */
import type { Argv } from "yargs";

export const COMPLETION_COMMAND = "completion";
export const COMPLETION_DESCRIBE =
  "Print a shell completion script: trialbook completion >> ~/.bashrc (zsh: ~/.zshrc, after autoload -U +X bashcompinit && bashcompinit)";

export function withCompletion<T>(y: Argv<T>): Argv<T> {
  return y.completion(COMPLETION_COMMAND, COMPLETION_DESCRIBE);
}
