import { excerpt, failed, passed, type CheckImpl } from "../types.js";

const has = (answer: string, value: string, caseSensitive: boolean) => (caseSensitive ? answer.includes(value) : answer.toLowerCase().includes(value.toLowerCase()));

export const contains: CheckImpl<"contains"> = (c, answer) =>
  has(answer, c.value, c.case_sensitive) ? passed(`contains ${excerpt(c.value)}`) : failed(`does not contain ${excerpt(c.value)}`);

export const notContains: CheckImpl<"not-contains"> = (c, answer) =>
  has(answer, c.value, c.case_sensitive) ? failed(`contains ${excerpt(c.value)}, which it must not`) : passed(`does not contain ${excerpt(c.value)}`);
