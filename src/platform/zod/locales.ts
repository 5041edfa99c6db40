// The languages the API answers in (src/platform/problems/language.ts), under zod's own names.
export { default as en } from '../../../node_modules/zod/v4/locales/en.js';
export { default as zhCN } from '../../../node_modules/zod/v4/locales/zh-CN.js';
