<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>QObject</name>
    <message>
        <source>no target</source>
        <translation>aucune cible</translation>
    </message>
    <message>
        <source>any number</source>
        <translation>un nombre quelconque</translation>
    </message>
    <message>
        <source>a number of at least 0</source>
        <translation>un nombre supérieur ou égal à 0</translation>
    </message>
    <message>
        <source>a number above 0</source>
        <translation>un nombre supérieur à 0</translation>
    </message>
    <message>
        <source>a fraction from 0 to 1</source>
        <translation>une fraction entre 0 et 1</translation>
    </message>
    <message>
        <source>M %1</source>
        <extracomment>an axis title in millions, e.g. &quot;M USD&quot;</extracomment>
        <translation>M %1</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Own</source>
        <translation>Posséder</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>Louer</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>Hybride</translation>
    </message>
    <message>
        <source>Optimal</source>
        <translation>Optimal</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>en bonne voie</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>à risque</translation>
    </message>
    <message>
        <source>off track</source>
        <translation>hors trajectoire</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>aucune cible</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Executive summary</source>
        <translation>Synthèse</translation>
    </message>
    <message>
        <source>Net present value by strategy</source>
        <translation>Valeur actuelle nette par stratégie</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Stratégie</translation>
    </message>
    <message>
        <source>NPV (M USD)</source>
        <translation>VAN (M USD)</translation>
    </message>
    <message>
        <source>Salvage (M USD)</source>
        <translation>Valeur résiduelle (M USD)</translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation>Réalisable</translation>
    </message>
    <message>
        <source>Most GPUs owned</source>
        <translation>GPU possédés (max.)</translation>
    </message>
    <message>
        <source>Cloud GPU-hours</source>
        <translation>Heures GPU dans le cloud</translation>
    </message>
    <message>
        <source>CO2 (t)</source>
        <translation>CO2 (t)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Year by year</source>
        <translation>Année par année</translation>
    </message>
    <message>
        <source>NPV</source>
        <translation>VAN</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>non réalisable</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Année</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Demand (H100-h)</source>
        <translation>Demande (H100-h)</translation>
    </message>
    <message>
        <source>Owned GPUs</source>
        <translation>GPU possédés</translation>
    </message>
    <message>
        <source>On-prem (H100-h)</source>
        <translation>Sur site (H100-h)</translation>
    </message>
    <message>
        <source>Cloud (GPU-h)</source>
        <translation>Cloud (GPU-h)</translation>
    </message>
    <message>
        <source>Unmet (H100-h)</source>
        <translation>Non satisfaite (H100-h)</translation>
    </message>
    <message>
        <source>Capex (M USD)</source>
        <translation>Capex (M USD)</translation>
    </message>
    <message>
        <source>Opex (M USD)</source>
        <translation>Opex (M USD)</translation>
    </message>
    <message>
        <source>Total (M USD)</source>
        <translation>Total (M USD)</translation>
    </message>
    <message>
        <source>Peak MW</source>
        <translation>MW de pointe</translation>
    </message>
    <message>
        <source>Grid cap MW</source>
        <translation>Plafond réseau MW</translation>
    </message>
    <message>
        <source>Sovereign share</source>
        <translation>Part souveraine</translation>
    </message>
    <message>
        <source>Binding constraints and infeasibilities</source>
        <translation>Contraintes actives et cas non réalisables</translation>
    </message>
    <message>
        <source>Constraint</source>
        <translation>Contrainte</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <source>Why: what binds</source>
        <translation>Pourquoi&#xa0;: ce qui contraint le plan</translation>
    </message>
    <message>
        <source>No constraint binds: every strategy is limited by demand alone.</source>
        <translation>Aucune contrainte n&apos;est active&#xa0;: chaque stratégie n&apos;est limitée que par la demande.</translation>
    </message>
    <message>
        <source>Roadmap KPIs</source>
        <translation>KPI de la feuille de route</translation>
    </message>
    <message>
        <source>The scenario sets no KPI targets.</source>
        <translation>Le scénario ne fixe aucune cible de KPI.</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>au moins</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>au plus</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Uncertainty (Monte Carlo)</source>
        <translation>Incertitude (Monte Carlo)</translation>
    </message>
    <message>
        <source>%1 draws (seed %2) over %3 uncertain inputs. Probability that owning beats leasing: %4. Probability that the optimal fleet has to send sensitive work to a foreign cloud: %5.</source>
        <translation>%1 tirages (graine %2) portant sur %3 paramètres incertains. Probabilité que posséder l&apos;emporte sur louer&#xa0;: %4. Probabilité que le parc optimal doive envoyer des travaux sensibles vers un cloud étranger&#xa0;: %5.</translation>
    </message>
    <message>
        <source>NPV percentiles (M USD)</source>
        <translation>Percentiles de la VAN (M USD)</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <source>Feasible draws</source>
        <translation>Tirages réalisables</translation>
    </message>
    <message>
        <source>Tornado: optimal plan NPV with one input at its low and high end</source>
        <translation>Tornade&#xa0;: VAN du plan optimal avec un paramètre à sa valeur basse puis haute</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Paramètre</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Valeur basse</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Valeur haute</translation>
    </message>
    <message>
        <source>NPV at low (M USD)</source>
        <translation>VAN valeur basse (M USD)</translation>
    </message>
    <message>
        <source>NPV at high (M USD)</source>
        <translation>VAN valeur haute (M USD)</translation>
    </message>
    <message>
        <source>Swing (M USD)</source>
        <translation>Écart (M USD)</translation>
    </message>
    <message>
        <source>share of draws</source>
        <translation>part des tirages</translation>
    </message>
    <message>
        <source>Assumptions and sources</source>
        <translation>Hypothèses et sources</translation>
    </message>
    <message>
        <source>Inputs (per-year values separated by &apos;/&apos;)</source>
        <translation>Paramètres (valeurs annuelles séparées par &apos;/&apos;)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>scénario</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>aucune limite</translation>
    </message>
    <message>
        <source>varies in the Monte Carlo</source>
        <translation>varie dans la simulation Monte Carlo</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Éditeur</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Methodology</source>
        <translation>Méthodologie</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>CO2 emissions</source>
        <translation>Émissions de CO2</translation>
    </message>
    <message>
        <source>t CO2</source>
        <translation>t CO2</translation>
    </message>
    <message>
        <source>Sovereign share of served compute</source>
        <translation>Part souveraine du calcul fourni</translation>
    </message>
    <message>
        <source>share</source>
        <translation>part</translation>
    </message>
    <message>
        <source>Yearly cost, %1</source>
        <translation>Coût annuel, %1</translation>
    </message>
    <message>
        <source>Capex</source>
        <translation>Capex</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Énergie</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Facility power, %1</source>
        <translation>Puissance du site, %1</translation>
    </message>
    <message>
        <source>MW</source>
        <translation>MW</translation>
    </message>
    <message>
        <source>Peak facility MW</source>
        <translation>MW de pointe du site</translation>
    </message>
    <message>
        <source>Grid cap</source>
        <translation>Plafond du réseau</translation>
    </message>
    <message>
        <source>Where compute runs, %1</source>
        <translation>Où s&apos;exécute le calcul, %1</translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation>Heures GPU</translation>
    </message>
    <message>
        <source>AI compute plan: %1</source>
        <translation>Plan de calcul IA&#xa0;: %1</translation>
    </message>
    <message>
        <source>Comparison of %1 AI compute scenarios</source>
        <translation>Comparaison de %1 scénarios de calcul IA</translation>
    </message>
    <message>
        <source>Scenarios side by side</source>
        <translation>Scénarios côte à côte</translation>
    </message>
    <message>
        <source>NPV by scenario and strategy (M USD; * = infeasible)</source>
        <translation>VAN par scénario et stratégie (M USD&#xa0;; * = non réalisable)</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Scénario</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>Recommandée</translation>
    </message>
    <message>
        <source>Sovereign KPI report</source>
        <translation>Rapport de KPI Sovereign</translation>
    </message>
    <message>
        <source>Region %1, accelerator %2, %3 to %4.</source>
        <translation>Région %1, accélérateur %2, de %3 à %4.</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <source>NPV (USD)</source>
        <translation>VAN (USD)</translation>
    </message>
    <message>
        <source>Salvage (USD)</source>
        <translation>Valeur résiduelle (USD)</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <source>Assumptions</source>
        <translation>Hypothèses</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origine</translation>
    </message>
    <message>
        <source>Monte Carlo</source>
        <translation>Monte Carlo</translation>
    </message>
    <message>
        <source>Feasible share</source>
        <translation>Part réalisable</translation>
    </message>
    <message>
        <source>P(own beats lease)</source>
        <translation>P(posséder l&apos;emporte sur louer)</translation>
    </message>
    <message>
        <source>Tornado input</source>
        <translation>Paramètre (tornade)</translation>
    </message>
    <message>
        <source>NPV at low</source>
        <translation>VAN valeur basse</translation>
    </message>
    <message>
        <source>NPV at high</source>
        <translation>VAN valeur haute</translation>
    </message>
    <message>
        <source>Swing</source>
        <translation>Écart</translation>
    </message>
    <message>
        <source>%1 M USD</source>
        <translation>%1 M USD</translation>
    </message>
    <message>
        <source>%1 k USD</source>
        <translation>%1 k USD</translation>
    </message>
    <message>
        <source>Recommended: %1, NPV %2</source>
        <translation>Recommandé&#xa0;: %1, VAN %2</translation>
    </message>
    <message>
        <source>sovereignty</source>
        <translation>la souveraineté</translation>
    </message>
    <message>
        <source>Distribution of NPV across draws (bins in M USD)</source>
        <translation>Distribution de la VAN sur les tirages (classes en M USD)</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>réseau</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>budget</translation>
    </message>
    <message>
        <source>the %1 MW grid cap allows %2 nodes in service; more were needed</source>
        <translation>le plafond réseau de %1 MW autorise %2 nœuds en service&#xa0;; il en fallait davantage</translation>
    </message>
    <message>
        <source>the capex budget of %1 buys %2 nodes; more were needed</source>
        <translation>le budget d’investissement de %1 achète %2 nœuds&#xa0;; il en fallait davantage</translation>
    </message>
    <message>
        <source>nodes bought earlier draw more than the %1 MW grid cap</source>
        <translation>les nœuds achetés auparavant consomment plus que le plafond réseau de %1 MW</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours on a foreign cloud</source>
        <translation>%1 heures-H100 sensibles sur un cloud étranger</translation>
    </message>
    <message>
        <source>lifting this constraint would lower NPV by %1</source>
        <translation>lever cette contrainte réduirait la VAN de %1</translation>
    </message>
    <message>
        <source>%1 H100-hours of demand unmet</source>
        <translation>%1 heures-H100 de demande non satisfaites</translation>
    </message>
    <message>
        <source>the owned fleet draws %1 MW, above the %2 MW grid cap</source>
        <translation>le parc possédé consomme %1 MW, au-dessus du plafond réseau de %2 MW</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>s.o.</translation>
    </message>
    <message>
        <source>Robust</source>
        <translation>Robuste</translation>
    </message>
    <message>
        <source>Sensitive demand (H100-h)</source>
        <translation>Demande sensible (H100-h)</translation>
    </message>
    <message>
        <source>New GPUs</source>
        <translation>Nouveaux GPU</translation>
    </message>
    <message>
        <source>Sensitive work on a foreign cloud (H100-h)</source>
        <translation>Travaux sensibles sur un cloud étranger (H100-h)</translation>
    </message>
    <message>
        <source>Capex (USD)</source>
        <translation>Capex (USD)</translation>
    </message>
    <message>
        <source>Maintenance (USD)</source>
        <translation>Maintenance (USD)</translation>
    </message>
    <message>
        <source>Staff (USD)</source>
        <translation>Personnel (USD)</translation>
    </message>
    <message>
        <source>Energy (MWh)</source>
        <translation>Énergie (MWh)</translation>
    </message>
    <message>
        <source>Energy cost (USD)</source>
        <translation>Coût de l&apos;énergie (USD)</translation>
    </message>
    <message>
        <source>Cloud cost (USD)</source>
        <translation>Coût du cloud (USD)</translation>
    </message>
    <message>
        <source>Total cost (USD)</source>
        <translation>Coût total (USD)</translation>
    </message>
    <message>
        <source>Cost per H100-hour (USD)</source>
        <translation>Coût par heure H100 (USD)</translation>
    </message>
    <message>
        <source>Cost per million tokens (USD)</source>
        <translation>Coût par million de jetons (USD)</translation>
    </message>
    <message>
        <source>kWh per million tokens</source>
        <translation>kWh par million de jetons</translation>
    </message>
    <message>
        <source>Demand is converted to H100-equivalent GPU-hours. &apos;Own&apos; buys whole nodes to cover demand within the grid cap and the capex budget; &apos;lease&apos; rents everything; &apos;hybrid&apos; owns enough for sensitive work plus a share of the rest and bursts the remainder; &apos;optimal&apos; chooses nodes per year and cloud hours with a mixed-integer program (COIN-OR CBC) that minimises net present value under demand, grid, budget, utilization and sovereignty constraints. A plan is feasible when no demand is unmet and no sensitive work runs on a foreign cloud. Costs: capex, maintenance, staff, energy (idle and busy power times PUE) and cloud with egress; salvage credits hardware still in service at the horizon.</source>
        <translation>La demande est convertie en heures GPU équivalent H100. «&#xa0;Posséder&#xa0;» achète des nœuds entiers pour couvrir la demande dans la limite du plafond du réseau et du budget d&apos;investissement (capex)&#xa0;; «&#xa0;louer&#xa0;» loue la totalité de la capacité&#xa0;; «&#xa0;hybride&#xa0;» possède de quoi couvrir les travaux sensibles plus une part du reste et bascule le surplus vers le cloud&#xa0;; «&#xa0;optimal&#xa0;» choisit chaque année le nombre de nœuds et les heures de cloud au moyen d&apos;un programme mixte en nombres entiers (COIN-OR CBC) qui minimise la valeur actuelle nette sous contraintes de demande, de réseau, de budget, d&apos;utilisation et de souveraineté. Un plan est réalisable lorsqu&apos;aucune demande n&apos;est insatisfaite et qu&apos;aucun travail sensible ne s&apos;exécute sur un cloud étranger. Coûts&#xa0;: investissement (capex), maintenance, personnel, énergie (puissance au repos et en charge multipliée par le PUE) et cloud, y compris les frais de sortie de données (egress)&#xa0;; la valeur résiduelle crédite le matériel encore en service à l&apos;horizon.</translation>
    </message>
    <message>
        <source>Appendix: methodology (in English)</source>
        <translation>Annexe : méthodologie (en anglais)</translation>
    </message>
    <message>
        <source>, holds in %1 of %2 sampled futures</source>
        <translation>, tient dans %1 des %2 avenirs échantillonnés</translation>
    </message>
    <message>
        <source> (no strategy reaches the %1 target)</source>
        <translation> (aucune stratégie n&apos;atteint la cible de %1)</translation>
    </message>
    <message>
        <source>; %1 is %2 cheaper but holds in only %3</source>
        <translation> ; %1 coûte %2 de moins mais ne tient que dans %3</translation>
    </message>
    <message>
        <source>plan NPV %1</source>
        <translation>VAN du plan %1</translation>
    </message>
    <message>
        <source>input at its low end</source>
        <translation>paramètre à sa valeur basse</translation>
    </message>
    <message>
        <source>input at its high end</source>
        <translation>paramètre à sa valeur haute</translation>
    </message>
    <message>
        <source>Cumulative spending, nominal (not discounted, before salvage; strategies rank by NPV)</source>
        <translation>Dépenses cumulées, nominales (non actualisées, avant valeur résiduelle ; les stratégies sont classées par VAN)</translation>
    </message>
    <message>
        <source>%1 bn USD</source>
        <translation>%1 Md USD</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the grid cap and the capex budget limit owned capacity and the cloud is not sovereign</source>
        <translation>%1 heures H100 sensibles ne peuvent être placées : le plafond réseau et le budget d&apos;investissement limitent la capacité détenue et le cloud n&apos;est pas souverain</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the grid cap limits owned capacity and the cloud is not sovereign</source>
        <translation>%1 heures H100 sensibles ne peuvent être placées : le plafond réseau limite la capacité détenue et le cloud n&apos;est pas souverain</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the capex budget limits owned capacity and the cloud is not sovereign</source>
        <translation>%1 heures H100 sensibles ne peuvent être placées : le budget d&apos;investissement limite la capacité détenue et le cloud n&apos;est pas souverain</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the utilization leaves a node no usable hours and the cloud is not sovereign</source>
        <translation>%1 heures H100 sensibles ne peuvent être placées : le taux d&apos;utilisation ne laisse à un nœud aucune heure utile et le cloud n&apos;est pas souverain</translation>
    </message>
    <message>
        <source>No strategy is feasible.</source>
        <translation>Aucune stratégie n’est réalisable.</translation>
    </message>
    <message>
        <source>No strategy is feasible: even the optimal plan fails in %1: %2.</source>
        <translation>Aucune stratégie n’est réalisable : même le plan optimal échoue en %1 : %2.</translation>
    </message>
    <message>
        <source>; %1 is %2 cheaper but infeasible</source>
        <translation> ; %1 coûte %2 de moins mais n’est pas réalisable</translation>
    </message>
    <message>
        <source>; %1 below %2</source>
        <translation> ; %1 de moins que %2</translation>
    </message>
    <message>
        <source>%1 is %2 cheaper, but its plan holds in only %3 of the %4 sampled futures, below the %5 target.</source>
        <translation>%1 coûte %2 de moins, mais son plan ne tient que dans %3 des %4 futurs échantillonnés, sous la cible de %5.</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n de plus</numerusform>
            <numerusform>%n de plus</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is %2 cheaper but infeasible: %3.</source>
        <translation>%1 coûte %2 de moins mais n’est pas réalisable : %3.</translation>
    </message>
    <message>
        <source>What to buy and the cash it needs, year by year (%1)</source>
        <translation>Quoi acheter et la trésorerie nécessaire, année par année (%1)</translation>
    </message>
    <message>
        <source>GPUs bought</source>
        <translation>GPU achetés</translation>
    </message>
    <message>
        <source>GPUs owned</source>
        <translation>GPU détenus</translation>
    </message>
    <message>
        <source>Running costs (M USD)</source>
        <translation>Coûts de fonctionnement (M USD)</translation>
    </message>
    <message>
        <source>Cash needed (M USD)</source>
        <translation>Trésorerie nécessaire (M USD)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Why not a cheaper option</source>
        <translation>Pourquoi pas une option moins chère</translation>
    </message>
    <message>
        <source>No strategy costs less than %1.</source>
        <translation>Aucune stratégie ne coûte moins que %1.</translation>
    </message>
    <message>
        <source>The next feasible option, %1, costs %2 more.</source>
        <translation>L’option réalisable suivante, %1, coûte %2 de plus.</translation>
    </message>
    <message>
        <source>How robust the choice is</source>
        <translation>Robustesse du choix</translation>
    </message>
    <message>
        <source>No input carries a range, so the plan is judged at the scenario&apos;s own figures only. Give uncertain inputs a range to test it against sampled futures.</source>
        <translation>Aucune donnée ne porte de plage : le plan n’est jugé qu’aux valeurs du scénario. Donnez une plage aux données incertaines pour l’éprouver sur des futurs échantillonnés.</translation>
    </message>
    <message>
        <source>Its purchases hold (all demand served, no sensitive hour abroad, under the grid cap) in %1 of %2 sampled futures; the target is %3.</source>
        <translation>Ses achats tiennent (toute la demande servie, aucune heure sensible à l’étranger, sous le plafond réseau) dans %1 de %2 futurs échantillonnés ; la cible est %3.</translation>
    </message>
    <message>
        <source>Across %1 Monte Carlo draws its NPV is %2 (P10), %3 (P50) and %4 (P90); the plan is feasible in %5 of the draws.</source>
        <translation>Sur %1 tirages Monte-Carlo, sa VAN est de %2 (P10), %3 (P50) et %4 (P90) ; le plan est réalisable dans %5 des tirages.</translation>
    </message>
    <message>
        <source>KPIs off track</source>
        <translation>Indicateurs hors trajectoire</translation>
    </message>
    <message>
        <source>off track in %1</source>
        <translation>hors trajectoire en %1</translation>
    </message>
    <message>
        <source>at risk in %1</source>
        <translation>à risque en %1</translation>
    </message>
    <message>
        <source>Every KPI with a target is on track.</source>
        <translation>Chaque indicateur doté d’une cible est sur la trajectoire.</translation>
    </message>
    <message>
        <source>What the binding constraints cost</source>
        <translation>Ce que coûtent les contraintes actives</translation>
    </message>
    <message>
        <source>No constraint binds: demand alone sizes the plans.</source>
        <translation>Aucune contrainte n’est active : la demande seule dimensionne les plans.</translation>
    </message>
    <message>
        <source>Each constraint once: where it binds and what lifting it saves</source>
        <translation>Chaque contrainte une fois : où elle est active et ce que sa levée économise</translation>
    </message>
    <message>
        <source>Binds the %1 plan in</source>
        <translation>Active pour le plan %1 en</translation>
    </message>
    <message>
        <source>Binds the optimal plan in</source>
        <translation>Active pour le plan optimal en</translation>
    </message>
    <message>
        <source>Lifting it lowers the optimal NPV by</source>
        <translation>La lever réduit la VAN optimale de</translation>
    </message>
    <message>
        <source>no year</source>
        <translation>aucune année</translation>
    </message>
    <message>
        <source>nothing: it does not bind the optimal plan</source>
        <translation>rien : elle ne contraint pas le plan optimal</translation>
    </message>
    <message>
        <source>Holds in futures</source>
        <translation>Tient dans les futurs</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Accelerator</source>
        <translation>Accélérateur</translation>
    </message>
    <message>
        <source>GPUs per node</source>
        <translation>GPU par nœud</translation>
    </message>
    <message>
        <source>Hardware lifetime (years)</source>
        <translation>Durée de vie du matériel (ans)</translation>
    </message>
    <message>
        <source>Sovereign cloud</source>
        <translation>Cloud souverain</translation>
    </message>
    <message>
        <source>Discount rate</source>
        <translation>Taux d&apos;actualisation</translation>
    </message>
    <message>
        <source>Accelerator price</source>
        <translation>Prix de l&apos;accélérateur</translation>
    </message>
    <message>
        <source>Accelerator power (TDP)</source>
        <translation>Puissance de l&apos;accélérateur (TDP)</translation>
    </message>
    <message>
        <source>Accelerator throughput</source>
        <translation>Débit de l&apos;accélérateur</translation>
    </message>
    <message>
        <source>Server overhead</source>
        <translation>Surcoût serveur</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>Taux d&apos;utilisation</translation>
    </message>
    <message>
        <source>Idle power</source>
        <translation>Consommation au repos</translation>
    </message>
    <message>
        <source>Host power overhead</source>
        <translation>Surconsommation de l&apos;hôte</translation>
    </message>
    <message>
        <source>Power usage effectiveness (PUE)</source>
        <translation>Efficacité énergétique (PUE)</translation>
    </message>
    <message>
        <source>Electricity price</source>
        <translation>Prix de l&apos;électricité</translation>
    </message>
    <message>
        <source>Grid carbon intensity</source>
        <translation>Intensité carbone du réseau</translation>
    </message>
    <message>
        <source>Grid power cap</source>
        <translation>Plafond de puissance réseau</translation>
    </message>
    <message>
        <source>Staff per 100 GPUs</source>
        <translation>Personnel pour 100 GPU</translation>
    </message>
    <message>
        <source>Staff cost</source>
        <translation>Coût du personnel</translation>
    </message>
    <message>
        <source>Capital budget</source>
        <translation>Budget d&apos;investissement</translation>
    </message>
    <message>
        <source>Hybrid owned share</source>
        <translation>Part en propre (hybride)</translation>
    </message>
    <message>
        <source>Cloud price</source>
        <translation>Prix du cloud</translation>
    </message>
    <message>
        <source>Cloud GPU throughput</source>
        <translation>Débit GPU du cloud</translation>
    </message>
    <message>
        <source>Cloud egress price</source>
        <translation>Prix de sortie de données du cloud</translation>
    </message>
    <message>
        <source>Cloud egress volume</source>
        <translation>Volume de sortie de données du cloud</translation>
    </message>
    <message>
        <source>runs per year</source>
        <translation>exécutions par an</translation>
    </message>
    <message>
        <source>GPU hours per run</source>
        <translation>heures GPU par exécution</translation>
    </message>
    <message>
        <source>GPU hours</source>
        <translation>heures GPU</translation>
    </message>
    <message>
        <source>tokens per month</source>
        <translation>jetons par mois</translation>
    </message>
    <message>
        <source>tokens per GPU-second</source>
        <translation>jetons par GPU-seconde</translation>
    </message>
    <message>
        <source>share served on edge CPUs</source>
        <translation>part servie sur CPU en périphérie</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>%1 is a workload&apos;s name, %2 one of its inputs (&quot;chat: tokens per month&quot;)</extracomment>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Amorçage</translation>
    </message>
    <message>
        <source>Sprout</source>
        <translation>Pousse</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Croissance</translation>
    </message>
    <message>
        <source>Harvest</source>
        <translation>Récolte</translation>
    </message>
    <message>
        <source>Flywheel</source>
        <translation>Volant d&apos;inertie</translation>
    </message>
    <message>
        <source>&apos;Robust&apos; buys one schedule chosen against a few hundred sampled futures at once (a sample-average MILP), minimising expected NPV while demand and sovereignty hold in the target share of them. Every strategy is then tested on the same futures; the recommendation is the cheapest feasible strategy that holds in the target share (or, when none does, the one that holds in the most).</source>
        <translation>« Robuste » achète un seul calendrier choisi face à quelques centaines d’avenirs échantillonnés à la fois (un MILP de moyenne d’échantillon), en minimisant la VAN espérée tandis que la demande et la souveraineté tiennent dans la part cible de ces avenirs. Chaque stratégie est ensuite éprouvée sur les mêmes avenirs ; la recommandation est la stratégie réalisable la moins chère qui tient dans la part cible (ou, si aucune n’y parvient, celle qui tient dans le plus d’avenirs).</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Plan national AI compute.</source>
        <translation>Planifier la capacité nationale de calcul IA.</translation>
    </message>
    <message>
        <source>Project file (.sovereign) to open.</source>
        <translation>Fichier de projet (.sovereign) à ouvrir.</translation>
    </message>
    <message>
        <source>Save a PNG of each view into DIR and quit.</source>
        <translation>Enregistrer un PNG de chaque vue dans DIR et quitter.</translation>
    </message>
    <message>
        <source>Measure GUI stalls during an N-draw Monte Carlo and quit.</source>
        <translation>Mesurer les blocages de l&apos;interface pendant un Monte Carlo de N tirages et quitter.</translation>
    </message>
</context>
<context>
    <name>sovereign::CompareWidget</name>
    <message>
        <source>Yearly capex and opex</source>
        <translation>Capex et opex annuels</translation>
    </message>
    <message>
        <source>Facility MW vs grid cap</source>
        <translation>MW du site vs plafond du réseau</translation>
    </message>
    <message>
        <source>CO2 emissions</source>
        <translation>Émissions de CO2</translation>
    </message>
    <message>
        <source>Sovereign share</source>
        <translation>Part souveraine</translation>
    </message>
    <message>
        <source>On-prem vs cloud GPU-hours</source>
        <translation>Heures GPU sur site vs cloud</translation>
    </message>
    <message>
        <source>Breakeven: own vs lease</source>
        <translation>Seuil de rentabilité&#xa0;: posséder vs louer</translation>
    </message>
    <message>
        <source>as utilization varies</source>
        <translation>selon le taux d&apos;utilisation</translation>
    </message>
    <message>
        <source>as the cloud price varies</source>
        <translation>selon le prix du cloud</translation>
    </message>
    <message>
        <source>Scenarios:</source>
        <translation>Scénarios&#xa0;:</translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation>Stratégies&#xa0;:</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>Vue&#xa0;:</translation>
    </message>
    <message>
        <source>year %1</source>
        <translation>année %1</translation>
    </message>
    <message>
        <source>t CO2</source>
        <translation>t CO2</translation>
    </message>
    <message>
        <source>Capex</source>
        <translation>Capex</translation>
    </message>
    <message>
        <source>Opex</source>
        <translation>Opex</translation>
    </message>
    <message>
        <source>Peak facility MW</source>
        <translation>MW de pointe du site</translation>
    </message>
    <message>
        <source>Grid cap</source>
        <translation>Plafond du réseau</translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation>Heures GPU</translation>
    </message>
    <message>
        <source>On-prem (H100-h)</source>
        <translation>Sur site (H100-h)</translation>
    </message>
    <message>
        <source>Cloud (GPU-h)</source>
        <translation>Cloud (GPU-h)</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Scénario</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Stratégie</translation>
    </message>
    <message>
        <source>NPV (M USD)</source>
        <translation>VAN (M USD)</translation>
    </message>
    <message>
        <source>Δ NPV (M USD)</source>
        <translation>Δ VAN (M USD)</translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation>Réalisable</translation>
    </message>
    <message>
        <source>Most GPUs</source>
        <translation>GPU max.</translation>
    </message>
    <message>
        <source>CO2 (t)</source>
        <translation>CO2 (t)</translation>
    </message>
    <message>
        <source>Δ CO2 (t)</source>
        <translation>Δ CO2 (t)</translation>
    </message>
    <message>
        <source>Mean sovereign share</source>
        <translation>Part souveraine moyenne</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Breakeven: own vs lease NPV</source>
        <translation>Seuil de rentabilité&#xa0;: VAN posséder vs louer</translation>
    </message>
    <message>
        <source>utilization (all years)</source>
        <translation>utilisation (toutes les années)</translation>
    </message>
    <message>
        <source>cloud USD per GPU-hour (all years)</source>
        <translation>USD de cloud par heure GPU (toutes les années)</translation>
    </message>
    <message>
        <source>own</source>
        <translation>posséder</translation>
    </message>
    <message>
        <source>lease</source>
        <translation>louer</translation>
    </message>
    <message>
        <source>hybrid</source>
        <translation>hybride</translation>
    </message>
    <message>
        <source>optimal</source>
        <translation>optimal</translation>
    </message>
    <message>
        <source>robust</source>
        <translation>robuste</translation>
    </message>
    <message>
        <source>This plan is infeasible: %1</source>
        <translation>Ce plan est irréalisable : %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 (infeasible)</source>
        <translation>%1 (irréalisable)</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>% of served compute</source>
        <translation>% du calcul servi</translation>
    </message>
    <message>
        <source>faded: infeasible</source>
        <translation>estompé : irréalisable</translation>
    </message>
    <message>
        <source>MW</source>
        <translation>MW</translation>
    </message>
    <message>
        <source>%1: owning breaks even at %2</source>
        <translation>%1 : posséder devient rentable à %2</translation>
    </message>
    <message>
        <source>%1: no crossing in the range</source>
        <translation>%1 : pas de croisement dans l&apos;intervalle</translation>
    </message>
    <message>
        <source>Own vs lease NPV (%1)</source>
        <translation>VAN posséder vs louer (%1)</translation>
    </message>
    <message>
        <source>Cumulative spending (nominal; ranked by NPV)</source>
        <translation>Dépenses cumulées (nominales ; classement par VAN)</translation>
    </message>
</context>
<context>
    <name>sovereign::ExportDialog</name>
    <message>
        <source>Export report</source>
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Classeur Excel (XLSX)</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>Tableau CSV</translation>
    </message>
    <message>
        <source>Web page (HTML)</source>
        <translation>Page web (HTML)</translation>
    </message>
    <message>
        <source>Application language</source>
        <translation>Langue de l&apos;application</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Parcourir...</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Scenarios:</source>
        <translation>&amp;Scénarios&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Monte Carlo draws:</source>
        <translation>Tirages &amp;Monte Carlo&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Fi&amp;chier&#xa0;:</translation>
    </message>
</context>
<context>
    <name>sovereign::MainWindow</name>
    <message>
        <source>&amp;Scenario</source>
        <translation>&amp;Scénario</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>&amp;Comparer</translation>
    </message>
    <message>
        <source>&amp;Roadmap</source>
        <translation>Feuille de r&amp;oute</translation>
    </message>
    <message>
        <source>&amp;Uncertainty</source>
        <translation>&amp;Incertitude</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Scénarios</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation>&amp;Nouveau projet</translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation>&amp;Ouvrir un projet...</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Ouvrir un projet</translation>
    </message>
    <message>
        <source>Sovereign projects (*.sovereign)</source>
        <translation>Projets Sovereign (*.sovereign)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Projets &amp;récents</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save &amp;as...</source>
        <translation>Enregistrer &amp;sous...</translation>
    </message>
    <message>
        <source>&amp;Import scenario YAML...</source>
        <translation>&amp;Importer un scénario YAML...</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import scenario</source>
        <translation>Importer un scénario</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation>Scénarios (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>The scenario was not imported.</source>
        <translation>Le scénario n&apos;a pas été importé.</translation>
    </message>
    <message>
        <source>&amp;Export scenario YAML...</source>
        <translation>E&amp;xporter un scénario YAML...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export scenario</source>
        <translation>Exporter un scénario</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml)</source>
        <translation>Scénarios (*.yaml)</translation>
    </message>
    <message>
        <source>The scenario was not exported.</source>
        <translation>Le scénario n&apos;a pas été exporté.</translation>
    </message>
    <message>
        <source>Export &amp;report...</source>
        <translation>Exporter le ra&amp;pport...</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>The report was not written.</source>
        <translation>Le rapport n&apos;a pas été enregistré.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Fichier écrit&#xa0;: %1</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Add scenario</source>
        <translation>A&amp;jouter un scénario</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>Re&amp;move scenario</source>
        <translation>&amp;Supprimer le scénario</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Run &amp;Monte Carlo</source>
        <translation>Lancer le &amp;Monte Carlo</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The language changes when Sovereign starts again.</source>
        <translation>La langue changera au prochain démarrage de Sovereign.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;Methodology</source>
        <translation>&amp;Méthodologie</translation>
    </message>
    <message>
        <source>&amp;About Sovereign</source>
        <translation>À &amp;propos de Sovereign</translation>
    </message>
    <message>
        <source>About Sovereign</source>
        <translation>À propos de Sovereign</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sovereign&lt;/b&gt; %1&lt;br&gt;Plan and run your own AI compute: own, lease, hybrid and optimal five-year plans with NPV, energy, carbon and KPIs.</source>
        <translation>&lt;b&gt;Sovereign&lt;/b&gt; %1&lt;br&gt;Planifiez et exploitez votre propre capacité de calcul IA&#xa0;: plans sur cinq ans posséder, louer, hybride et optimal, avec VAN, énergie, carbone et KPI.</translation>
    </message>
    <message>
        <source>Add a scenario to start planning.</source>
        <translation>Ajoutez un scénario pour commencer la planification.</translation>
    </message>
    <message>
        <source> copy</source>
        <translation> copie</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Démo</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>Récupérer le travail non enregistré&#xa0;?</translation>
    </message>
    <message>
        <source>Sovereign was closed without saving %1. Restore the unsaved changes?</source>
        <translation>Sovereign a été fermé sans enregistrer %1. Restaurer les modifications non enregistrées&#xa0;?</translation>
    </message>
    <message>
        <source>The project could not be opened.</source>
        <translation>Le projet n&apos;a pas pu être ouvert.</translation>
    </message>
    <message>
        <source>The project was not saved.</source>
        <translation>Le projet n&apos;a pas été enregistré.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Enregistrer le projet</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>%1 contient des modifications non enregistrées. Les enregistrer&#xa0;?</translation>
    </message>
    <message>
        <source>Sovereign</source>
        <translation>Sovereign</translation>
    </message>
    <message>
        <source>Re&amp;name scenario...</source>
        <translation>Re&amp;nommer le scénario...</translation>
    </message>
    <message>
        <source>Rename scenario</source>
        <translation>Renommer le scénario</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Nouveau nom :</translation>
    </message>
    <message>
        <source>Methodology — Sovereign</source>
        <translation>Méthodologie — Sovereign</translation>
    </message>
    <message>
        <source>The methodology is not part of this build.</source>
        <translation>La méthodologie ne fait pas partie de cette version.</translation>
    </message>
    <message>
        <source>Planning on a worker thread; the views show the previous plan until it is done.</source>
        <translation>Planification en arrière-plan ; les vues montrent le plan précédent jusqu’à la fin.</translation>
    </message>
    <message>
        <source>Planning %1...</source>
        <translation>Planification de %1…</translation>
    </message>
    <message>
        <source>Writing %1...</source>
        <translation>Écriture de %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Exporter le rapport</translation>
    </message>
</context>
<context>
    <name>sovereign::ProjectDocument</name>
    <message>
        <source>Untitled project</source>
        <translation>Projet sans titre</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Modifier %1</translation>
    </message>
    <message>
        <source>Add scenario %1</source>
        <translation>Ajouter le scénario %1</translation>
    </message>
    <message>
        <source>Remove scenario %1</source>
        <translation>Supprimer le scénario %1</translation>
    </message>
    <message>
        <source>A scenario needs a name.</source>
        <translation>Un scénario doit avoir un nom.</translation>
    </message>
    <message>
        <source>Another scenario is already named &apos;%1&apos;.</source>
        <translation>Un autre scénario s&apos;appelle déjà « %1 ».</translation>
    </message>
    <message>
        <source>Rename scenario %1 to %2</source>
        <translation>Renommer le scénario %1 en %2</translation>
    </message>
</context>
<context>
    <name>sovereign::RoadmapWidget</name>
    <message>
        <source>No valid plan to show.</source>
        <translation>Aucun plan valide à afficher.</translation>
    </message>
    <message>
        <source>%1 in %2: %3; target %4</source>
        <translation>%1 en %2&#xa0;: %3&#xa0;; cible %4</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number; the target is unchanged.</source>
        <translation>«&#xa0;%1&#xa0;» n&apos;est pas un nombre&#xa0;; la cible est inchangée.</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>s.o.</translation>
    </message>
    <message>
        <source>n/a (the plan has no such figure this year)</source>
        <translation>s.o. (le plan n&apos;a pas ce chiffre cette année)</translation>
    </message>
    <message>
        <source>Each cell shows the plan&apos;s value and, below it, the target (shares in percent). Double-click a cell to change its target; leave it empty for no target.</source>
        <translation>Chaque cellule montre la valeur du plan et, dessous, la cible (parts en pourcentage). Double-cliquez sur une cellule pour changer sa cible ; laissez-la vide pour aucune cible.</translation>
    </message>
    <message>
        <source>%1
%2 · %3, %4 target</source>
        <translation>%1
%2 · %3, cible %4</translation>
    </message>
    <message>
        <source>plan infeasible</source>
        <translation>plan irréalisable</translation>
    </message>
    <message>
        <source>The %1 plan is infeasible: no verdict is shown (at its figures the planner judges it %2).</source>
        <translation>Le plan %1 est irréalisable : aucun verdict n&apos;est affiché (à ses chiffres, le planificateur le juge %2).</translation>
    </message>
    <message>
        <source>Planning...</source>
        <translation>Planification…</translation>
    </message>
    <message>
        <source>Planning the edited scenario; showing the previous plan.</source>
        <translation>Planification du scénario modifié ; le plan précédent est affiché.</translation>
    </message>
</context>
<context>
    <name>sovereign::ScenarioEditor</name>
    <message>
        <source>The cloud runs under national jurisdiction (sensitive work may burst)</source>
        <translation>Le cloud relève de la juridiction nationale (les travaux sensibles peuvent y déborder)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Région&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Accelerator:</source>
        <translation>Accé&amp;lérateur&#xa0;:</translation>
    </message>
    <message>
        <source>for</source>
        <translation>sur</translation>
    </message>
    <message>
        <source>years</source>
        <translation>ans</translation>
    </message>
    <message>
        <source>Start year:</source>
        <translation>Année de début&#xa0;:</translation>
    </message>
    <message>
        <source>Cloud:</source>
        <translation>Cloud&#xa0;:</translation>
    </message>
    <message>
        <source>Electricity price, grid carbon intensity and PUE come from the region catalog unless set below.</source>
        <translation>Le prix de l&apos;électricité, l&apos;intensité carbone du réseau et le PUE proviennent du catalogue des régions, sauf s&apos;ils sont définis ci-dessous.</translation>
    </message>
    <message>
        <source>Price, power and H100-equivalent throughput come from the accelerator catalog unless set below.</source>
        <translation>Le prix, la puissance et le débit en équivalent H100 proviennent du catalogue des accélérateurs, sauf s&apos;ils sont définis ci-dessous.</translation>
    </message>
    <message>
        <source>Use &amp;catalog value</source>
        <translation>Utiliser la valeur du ca&amp;talogue</translation>
    </message>
    <message>
        <source>Remove the scenario&apos;s own value for the selected input</source>
        <translation>Supprimer la valeur propre au scénario pour le paramètre sélectionné</translation>
    </message>
    <message>
        <source>Add &amp;workload...</source>
        <translation>Ajouter une c&amp;harge de travail...</translation>
    </message>
    <message>
        <source>This scenario is not valid, so its plan shows the last valid values. %1</source>
        <translation>Ce scénario n&apos;est pas valide&#xa0;; son plan affiche donc les dernières valeurs valides. %1</translation>
    </message>
    <message>
        <source>Add workload</source>
        <translation>Ajouter une charge de travail</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Type&#xa0;:</translation>
    </message>
    <message>
        <source>Name (letters, digits, - or _):</source>
        <translation>Nom (lettres, chiffres, - ou _)&#xa0;:</translation>
    </message>
    <message>
        <source>Add workload %1</source>
        <translation>Ajouter la charge de travail %1</translation>
    </message>
    <message>
        <source>GPUs are bought in whole nodes of this size</source>
        <translation>Les GPU sont achetés par nœuds entiers de cette taille</translation>
    </message>
    <message>
        <source>Years a node serves after purchase; cohorts still in service at the horizon earn salvage</source>
        <translation>Années de service d’un nœud après achat&#xa0;; les cohortes encore en service à l’horizon ont une valeur résiduelle</translation>
    </message>
    <message>
        <source>GPUs per node, lifetime</source>
        <translation>GPU par nœud, durée de vie</translation>
    </message>
    <message>
        <source>Fleet:</source>
        <translation>Parc&#xa0;:</translation>
    </message>
    <message>
        <source>Sensitive work may only run on owned or sovereign infrastructure</source>
        <translation>Les travaux sensibles ne peuvent tourner que sur une infrastructure possédée ou souveraine</translation>
    </message>
    <message>
        <source>Sensitive workloads:</source>
        <translation>Charges de travail sensibles&#xa0;:</translation>
    </message>
    <message>
        <source>Uncertainty &amp;range...</source>
        <translation>&amp;Plage d’incertitude...</translation>
    </message>
    <message>
        <source>How the selected input varies in the Monte Carlo</source>
        <translation>Comment le paramètre sélectionné varie dans le Monte Carlo</translation>
    </message>
    <message>
        <source>Uncertainty of %1</source>
        <translation>Incertitude de %1</translation>
    </message>
    <message>
        <source>Fixed (no uncertainty)</source>
        <translation>Fixe (sans incertitude)</translation>
    </message>
    <message>
        <source>Triangular: low and high around the value</source>
        <translation>Triangulaire&#xa0;: bas et haut autour de la valeur</translation>
    </message>
    <message>
        <source>Normal: standard deviation around the value</source>
        <translation>Normale&#xa0;: écart type autour de la valeur</translation>
    </message>
    <message>
        <source>Law:</source>
        <translation>Loi&#xa0;:</translation>
    </message>
    <message>
        <source>%1 is not valid: %2. The plan shows the last valid values.</source>
        <translation>%1 n&apos;est pas valide : %2. Le plan montre les dernières valeurs valides.</translation>
    </message>
    <message>
        <source>One number for every year, or one per year separated by &apos;;&apos;</source>
        <translation>Un nombre pour toutes les années, ou un par année séparés par « ; »</translation>
    </message>
    <message>
        <source>Low:</source>
        <translation>Bas :</translation>
    </message>
    <message>
        <source>High:</source>
        <translation>Haut :</translation>
    </message>
    <message>
        <source>Standard deviation:</source>
        <translation>Écart type :</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Enter one number, or one per year separated by &apos;;&apos;, in every field of the chosen law; the range is unchanged.</source>
        <translation>Saisissez un nombre, ou un par année séparés par « ; », dans chaque champ de la loi choisie ; la plage est inchangée.</translation>
    </message>
</context>
<context>
    <name>sovereign::ScenarioParamsModel</name>
    <message>
        <source>fraction/year</source>
        <translation>fraction/an</translation>
    </message>
    <message>
        <source>x H100</source>
        <translation>x H100</translation>
    </message>
    <message>
        <source>fraction of price</source>
        <translation>fraction du prix</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>fraction</translation>
    </message>
    <message>
        <source>fraction of TDP</source>
        <translation>fraction du TDP</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>ratio</translation>
    </message>
    <message>
        <source>fraction of capex/year</source>
        <translation>fraction du capex/an</translation>
    </message>
    <message>
        <source>people</source>
        <translation>personnes</translation>
    </message>
    <message>
        <source>USD/person/year</source>
        <translation>USD/personne/an</translation>
    </message>
    <message>
        <source>TB per 1000 GPU-h</source>
        <translation>TB pour 1000 GPU-h</translation>
    </message>
    <message>
        <source>runs/year</source>
        <translation>exécutions/an</translation>
    </message>
    <message>
        <source>H100-h</source>
        <translation>H100-h</translation>
    </message>
    <message>
        <source>tokens/month</source>
        <translation>tokens/mois</translation>
    </message>
    <message>
        <source>tokens/s per H100</source>
        <translation>tokens/s par H100</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>scénario</translation>
    </message>
    <message>
        <source>no limit set</source>
        <translation>aucune limite définie</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>aucune limite</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Source&#xa0;: %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Paramètre</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Range %1 to %2 (triangular), varies in the Monte Carlo</source>
        <translation>Plage de %1 à %2 (triangulaire), varie dans le Monte Carlo</translation>
    </message>
    <message>
        <source>Normal, standard deviation %1, varies in the Monte Carlo</source>
        <translation>Normale, écart type %1, varie dans le Monte Carlo</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2) : %3</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a number (expected %3); the value is unchanged.</source>
        <translation>%1 : « %2 » n&apos;est pas un nombre (attendu : %3) ; la valeur est inchangée.</translation>
    </message>
    <message>
        <source>USD/year</source>
        <translation>USD/an</translation>
    </message>
</context>
<context>
    <name>sovereign::UncertaintyWidget</name>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lancer</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;nnuler</translation>
    </message>
    <message>
        <source>Draws:</source>
        <translation>Tirages&#xa0;:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine&#xa0;:</translation>
    </message>
    <message>
        <source>Monte Carlo stopped: %1</source>
        <translation>Monte Carlo interrompu&#xa0;: %1</translation>
    </message>
    <message>
        <source>Press Run to draw the uncertain inputs (catalog ranges and the scenario&apos;s uncertainty section).</source>
        <translation>Cliquez sur Lancer pour tirer les paramètres incertains (plages du catalogue et section d&apos;incertitude du scénario).</translation>
    </message>
    <message>
        <source>The scenario is not valid; fix it in the editor first.</source>
        <translation>Le scénario n&apos;est pas valide&#xa0;; corrigez-le d&apos;abord dans l&apos;éditeur.</translation>
    </message>
    <message>
        <source>Running %1 draws...</source>
        <translation>Exécution de %1 tirages...</translation>
    </message>
    <message>
        <source>%1 draws over %2 uncertain inputs. P(own beats lease) = %3. P(optimal fleet sends sensitive work abroad) = %4.</source>
        <translation>%1 tirages portant sur %2 paramètres incertains. P(posséder l&apos;emporte sur louer) = %3. P(le parc optimal envoie des travaux sensibles à l&apos;étranger) = %4.</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Stratégie</translation>
    </message>
    <message>
        <source>Mean (M USD)</source>
        <translation>Moyenne (M USD)</translation>
    </message>
    <message>
        <source>Feasible draws</source>
        <translation>Tirages réalisables</translation>
    </message>
    <message>
        <source>Tornado: optimal plan NPV change (M USD)</source>
        <translation>Tornade&#xa0;: variation de la VAN du plan optimal (M USD)</translation>
    </message>
    <message>
        <source>input low</source>
        <translation>valeur basse</translation>
    </message>
    <message>
        <source>input high</source>
        <translation>valeur haute</translation>
    </message>
    <message>
        <source>GPU price</source>
        <translation>Prix du GPU</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>Taux d&apos;utilisation</translation>
    </message>
    <message>
        <source>PUE</source>
        <translation>PUE</translation>
    </message>
    <message>
        <source>Electricity price</source>
        <translation>Prix de l&apos;électricité</translation>
    </message>
    <message>
        <source>Staff cost</source>
        <translation>Coût du personnel</translation>
    </message>
    <message>
        <source>Cloud GPU-hour price</source>
        <translation>Prix cloud par GPU-heure</translation>
    </message>
    <message>
        <source>Cloud egress price</source>
        <translation>Prix de sortie de données du cloud</translation>
    </message>
    <message>
        <source>Discount rate</source>
        <translation>Taux d&apos;actualisation</translation>
    </message>
    <message>
        <source>Maintenance rate</source>
        <translation>Taux de maintenance</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Jetons</translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation>Heures GPU</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Exécutions</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>P10 (M USD)</source>
        <translation>P10 (M USD)</translation>
    </message>
    <message>
        <source>P50 (M USD)</source>
        <translation>P50 (M USD)</translation>
    </message>
    <message>
        <source>P90 (M USD)</source>
        <translation>P90 (M USD)</translation>
    </message>
    <message>
        <source>NPV (M USD)</source>
        <translation>VAN (M USD)</translation>
    </message>
    <message>
        <source>NPV change (M USD)</source>
        <translation>Variation de VAN (M USD)</translation>
    </message>
    <message>
        <source>Distribution of NPV across draws</source>
        <translation>Distribution de la VAN sur les tirages</translation>
    </message>
</context>
</TS>
