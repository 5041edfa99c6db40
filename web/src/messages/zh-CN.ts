/**
 * The UI's Chinese messages, the first language: built into the first load. One file per feature
 * (messages/zh-CN/*.ts, beside the English ones in messages/en/*.ts); every key is a MessageKey,
 * and English must have each one.
 */

import { assessments } from './zh-CN/assessments.ts';
import { fieldWork } from './zh-CN/field-work.ts';
import { hazards } from './zh-CN/hazards.ts';
import { problems } from './zh-CN/problems.ts';
import { registry } from './zh-CN/registry.ts';
import { shell } from './zh-CN/shell.ts';
import { tasks } from './zh-CN/tasks.ts';

export const zh = { ...shell, ...problems, ...registry, ...hazards, ...tasks, ...fieldWork, ...assessments } as const;

export type MessageKey = keyof typeof zh;
