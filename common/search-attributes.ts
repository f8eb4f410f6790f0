/**
 * Search attributes that let operators find cases in the Temporal web UI, e.g.
 * `CasePhase = "follow_up" AND CaseRisk = "high"`. The dev server registers them on start.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseType = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
export const CasePhase = defineSearchAttributeKey('CasePhase', SearchAttributeType.KEYWORD);
export const CaseRisk = defineSearchAttributeKey('CaseRisk', SearchAttributeType.KEYWORD);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseAssignee = defineSearchAttributeKey('CaseAssignee', SearchAttributeType.KEYWORD);
export const CaseTeam = defineSearchAttributeKey('CaseTeam', SearchAttributeType.KEYWORD);
export const CaseDueAt = defineSearchAttributeKey('CaseDueAt', SearchAttributeType.DATETIME);

export const CASE_SEARCH_ATTRIBUTES = [CaseType, CasePhase, CaseRisk, CaseStatus, CaseAssignee, CaseTeam, CaseDueAt];
