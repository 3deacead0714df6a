#pragma once

#include "planner/kpi.h"
#include "planner/planresult.h"

#include <QLocale>
#include <QString>

#include <string>
#include <vector>

namespace sovereign {

// The planner's meanings in the report's language (translation context
// "Report"). The planner decides (strategies, tolerances, the recommendation
// and its reasons); these functions only word what it decided.

/// A strategy's name ("own" -> "Own").
QString strategyLabel(const std::string &name);

/// A KPI status ("on track", ...).
QString kpiStatusLabel(KpiStatus status);

/// A yearly field or KPI metric (a JSON name of planner/yearfields.h, e.g.
/// "owned_gpus") as a person reads it, with its unit: "Owned GPUs".
QString yearFieldLabel(const std::string &name);

/// A scenario input by its YAML key ("cloud.usd_per_gpu_hour", or a
/// workload's "workloads.chat.tokens_per_month") as a person reads it:
/// "Cloud price", "chat: tokens per month". An unknown key shows as itself.
QString inputLabel(const std::string &key);

/// A roadmap phase: the five of seed 003's roadmap (Seed ... Flywheel) in the
/// report's language; a phase the scenario names itself stays as written.
QString phaseLabel(const std::string &phase);

/// A constraint family: "grid", "budget", "sovereignty".
QString constraintLabel(const std::string &constraint);

/// An amount of money with its scale: "58.3 k USD", "1.2 M USD", "3.4 bn USD".
QString moneyText(double usd, const QLocale &locale);

/// A share as a percentage: "97 %" (a decimal between 99.5 % and 100 %).
QString percentText(double share, const QLocale &locale);

/// A list of years, runs joined: "2027-2029, 2031".
QString yearsText(const std::vector<int> &years);

/// A binding-constraint note of one year.
QString bindingText(const BindingNote &note, const QLocale &locale);

/// Why a plan is infeasible in one year (without the year).
QString shortfallText(const Shortfall &shortfall, const QLocale &locale);

/// What lifting a constraint saves: "lifting this constraint would lower NPV by ...".
QString constraintCostText(const ConstraintCost &cost, const QLocale &locale);

/// The recommendation in one sentence: the choice, its NPV, how robust it is,
/// and why each cheaper strategy loses (or why nothing is feasible).
QString recommendationText(const PlanResult &plan, const QLocale &locale);

/// Why a cheaper strategy is not recommended, in a sentence with its figures.
QString rejectionText(const PlanResult &plan, const Decision::Rejected &rejected,
                      const QLocale &locale);

} // namespace sovereign
