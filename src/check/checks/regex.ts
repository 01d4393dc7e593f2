import { excerpt, failed, passed, type CheckImpl } from "../types.js";

export const regex: CheckImpl<"regex"> = (c, answer) => {
  const m = new RegExp(c.pattern, c.flags.replace("g", "")).exec(answer);
  return m ? passed(`matches /${c.pattern}/ at ${excerpt(m[0], 40)}`) : failed(`does not match /${c.pattern}/; answer (${answer.length} chars): ${excerpt(answer)}`);
};
