/**
 * The bounds on designer-supplied content: how large a definition may be, and how much work its
 * patterns and expressions may cost when a form is checked or a rule is evaluated. Every request and
 * every case shares one process (and one workflow thread), so a definition must not be able to make
 * any of them wait long. docs/security.md explains each bound.
 *
 * Runs in the workflow sandbox too: plain constants only.
 */
export const LIMITS = {
  /** Characters of a YAML definition; reading YAML is slow (definitions/definition-text.ts), JSON may be larger. */
  yamlLength: 64 * 1024,
  /** Uses of aliases (`*name`) in a YAML definition: each can repeat a large part of the document. */
  yamlAliases: 100,
  /** Characters in a field name or another identifier. */
  nameLength: 64,
  /** Fields in one form. */
  fieldsPerForm: 100,
  /** Values of one enum field. */
  enumValues: 100,
  /** Screening rules, risk factors and risk level rules. */
  screeningRules: 50,
  riskFactors: 100,
  riskLevels: 20,
  /** Capabilities a task template requires, and those it prefers. */
  capabilityNeeds: 10,
  /** Notification rules. */
  notifications: 100,
  /** Working days and working hours one duration may count; with holidays, they bound how far a count walks. */
  workingDays: 1000,
  workingHours: 2000,
  /** Holidays in one calendar. */
  holidays: 1000,
  /** Extensions one deadline may be given. */
  deadlineExtensions: 20,

  /** Characters in one expression. */
  expressionLength: 1000,
  /**
   * Elements of a list or entries of a map written in an expression (the CEL library's own limit),
   * and the length a list of unknown size counts with when an expression's cost is judged.
   */
  listLiteral: 1000,
  /** Comprehensions (all, exists, exists_one, map, filter) inside one another. */
  comprehensionNesting: 2,
  /** Unknown names reported for one expression; the rest are not looked for. */
  unknownNamesPerExpression: 5,
  /**
   * Steps one expression may take: one per value it computes, one per element of a list it makes
   * or reads, one per 1,024 characters of a text it makes or reads, and for matches() the text's
   * length times the pattern's size, divided by 5.
   */
  expressionSteps: 100_000,
  /** Steps all the expressions of one screening, or of one risk stratification, may take together. */
  passSteps: 200_000,

  /** Characters in a regular expression (a field's pattern, or matches() in an expression). */
  patternLength: 500,
  /** Characters of a value a pattern is checked on, for a field with a pattern and no max. */
  patternValueLength: 1000,
  /**
   * Work of checking one form's values against their patterns: the sum over its fields of the
   * pattern's size times the longest value it can be checked on (max, or patternValueLength).
   */
  patternWorkPerForm: 2_000_000,
} as const;
