import { excerpt, failed, passed, type CheckImpl } from "../types.js";

export const equals: CheckImpl<"equals"> = (c, answer) => {
  let a = c.trim ? answer.trim() : answer;
  let v = c.trim ? c.value.trim() : c.value;
  if (!c.case_sensitive) [a, v] = [a.toLowerCase(), v.toLowerCase()];
  return a === v ? passed(`equals ${excerpt(c.value)}`) : failed(`is ${excerpt(answer)}, expected ${excerpt(c.value)}`);
};
