/**
 * The UI's English messages: a chunk of its own, loaded only when someone chooses English
 * (i18n.ts loadLang), so the Chinese-first first load does not carry them. One file per feature.
 */

import { assessments } from './en/assessments.ts';
import { fieldWork } from './en/field-work.ts';
import { hazards } from './en/hazards.ts';
import { problems } from './en/problems.ts';
import { registry } from './en/registry.ts';
import { shell } from './en/shell.ts';
import { tasks } from './en/tasks.ts';
import type { MessageKey } from './zh-CN.ts';

export const en: Record<MessageKey, string> = { ...shell, ...problems, ...registry, ...hazards, ...tasks, ...fieldWork, ...assessments };
