/** Robustness and harmonisation: perturbation, agreement statistics, ComBat, HTML reports. */
export { agreement, anova, intraclassCorrelations, concordanceCorrelation, overallConcordance, withinSubjectCv, ratingsFromRows, variationOf, ICC_TYPES, type Variation, type Agreement, type AnovaTable, type IccEstimate, type IccType, type Ratings } from './agreement.js';
export { fQuantile } from './distributions.js';
export { combatFit, combatApply, parseCombatModel, COMBAT_MODEL_VERSION, type CombatData, type CombatCovariate, type CombatCovariateSpec, type CombatOptions, type CombatModel, type CombatFit } from './combat.js';
export { perturb, drawPlans, PERTURBATION_KINDS, PERTURBATION_RANGES, type PerturbationKind, type PerturbationPlan, type AppliedPerturbation, type Perturbed } from './perturb.js';
export { estimateNoise } from './noise.js';
export { cropToRoi } from './grid.js';
export { assessRobustness, assessRobustnessOn, runRobustnessCopy, type RobustnessCopy, type CopyOutcome, type CopyRunner, type RobustnessCase, type RobustnessOptions, type RobustnessResult, type FeatureRobustness, type RobustnessRun } from './assess.js';
export { agreementFromTable, combatDataFromTable, combatDataForModel, familyOf, type TableAgreement, type FeatureAgreement, type CombatTable } from './table.js';
export { robustnessReport, agreementReport, harmonisationReport, type ReportMeta, type HarmonisationReportInput } from './report.js';
export { createRandom, deriveSeed, type Random } from './random.js';
