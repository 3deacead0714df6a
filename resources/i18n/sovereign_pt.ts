<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>QObject</name>
    <message>
        <source>million %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number of at least 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number above 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a fraction from 0 to 1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Executive summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net present value by strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salvage (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most GPUs owned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud GPU-hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CO2 (t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year by year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demand (H100-h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owned GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On-prem (H100-h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud (GPU-h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmet (H100-h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capex (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opex (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak MW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grid cap MW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sovereign share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binding constraints and infeasibilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constraint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why: what binds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No constraint binds: every strategy is limited by demand alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roadmap KPIs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scenario sets no KPI targets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncertainty (Monte Carlo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 draws (seed %2) over %3 uncertain inputs. Probability that owning beats leasing: %4. Probability that the optimal fleet has to send sensitive work to a foreign cloud: %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV percentiles (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feasible draws</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tornado: optimal plan NPV with one input at its low and high end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV at low (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV at high (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swing (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distribution of NPV across draws</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of draws</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assumptions and sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs (per-year values separated by &apos;/&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>varies in the Monte Carlo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Methodology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demand is converted to H100-equivalent GPU-hours. &apos;Own&apos; buys whole nodes to cover demand within the grid cap and the capex budget; &apos;lease&apos; rents everything; &apos;hybrid&apos; owns enough for sensitive work plus a share of the rest and bursts the remainder; &apos;optimal&apos; chooses nodes per year and cloud hours with a mixed-integer program (COIN-OR CBC) that minimises net present value under demand, grid, budget, utilization and sovereignty constraints. A plan is feasible when no demand is unmet and no sensitive work runs on a foreign cloud. Costs: capex, maintenance, staff, energy (idle and busy power times PUE) and cloud with egress; salvage credits hardware still in service at the horizon. The full contract is docs/methodology.md in the Sovereign repository.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cumulative cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CO2 emissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t CO2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sovereign share of served compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly cost, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facility power, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak facility MW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grid cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where compute runs, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AI compute plan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison of %1 AI compute scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV by scenario and strategy (M USD; * = infeasible)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sovereign KPI report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1, accelerator %2, %3 to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salvage (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assumptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monte Carlo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feasible share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P(own beats lease)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tornado input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV at low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV at high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Plan national AI compute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project file (.sovereign) to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a PNG of each view into DIR and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure GUI stalls during an N-draw Monte Carlo and quit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::CompareWidget</name>
    <message>
        <source>Own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cumulative cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yearly capex and opex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facility MW vs grid cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CO2 emissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sovereign share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On-prem vs cloud GPU-hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breakeven: own vs lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as utilization varies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as the cloud price varies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>year %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t CO2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak facility MW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grid cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On-prem (H100-h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud (GPU-h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Δ NPV (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CO2 (t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Δ CO2 (t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean sovereign share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breakeven: own vs lease NPV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no crossing in the range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owning breaks even at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own vs lease NPV, %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>utilization (all years)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cloud USD per GPU-hour (all years)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::ExportDialog</name>
    <message>
        <source>Export report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web page (HTML)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scenarios:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Monte Carlo draws:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::MainWindow</name>
    <message>
        <source>&amp;Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roadmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Uncertainty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sovereign projects (*.sovereign)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;as...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import scenario YAML...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scenario was not imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export scenario YAML...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios (*.yaml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scenario was not exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;report...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report was not written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;Monte Carlo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes when Sovereign starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Methodology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Sovereign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Sovereign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Sovereign&lt;/b&gt; %1&lt;br&gt;Plan and run your own AI compute: own, lease, hybrid and optimal five-year plans with NPV, energy, carbon and KPIs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a scenario to start planning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sovereign was closed without saving %1. Restore the unsaved changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sovereign</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::ProjectDocument</name>
    <message>
        <source>Untitled project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add scenario %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove scenario %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::RoadmapWidget</name>
    <message>
        <source>Each cell shows the plan&apos;s value and, below it, the target. Double-click a cell to change its target; leave it empty for no target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No valid plan to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2: %3; target %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number; the target is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::ScenarioEditor</name>
    <message>
        <source>The cloud runs under national jurisdiction (sensitive work may burst)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accelerator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start year:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Electricity price, grid carbon intensity and PUE come from the region catalog unless set below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price, power and H100-equivalent throughput come from the accelerator catalog unless set below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &amp;catalog value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the scenario&apos;s own value for the selected input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;workload...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scenario is not valid, so its plan shows the last valid values. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add workload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name (letters, digits, - or _):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add workload %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::ScenarioParamsModel</name>
    <message>
        <source>fraction/year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x H100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction of price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction of TDP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction of capex/year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD/person/year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TB per 1000 GPU-h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runs/year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H100-h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens/month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens/s per H100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Varies in the Monte Carlo (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sovereign::UncertaintyWidget</name>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draws:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monte Carlo stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Run to draw the uncertain inputs (catalog ranges and the scenario&apos;s uncertainty section).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scenario is not valid; fix it in the editor first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running %1 draws...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 draws over %2 uncertain inputs. P(own beats lease) = %3. P(optimal fleet sends sensitive work abroad) = %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feasible draws</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPV across draws (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of draws</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tornado: optimal plan NPV change (M USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input high</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
