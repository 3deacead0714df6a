<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>QObject</name>
    <message>
        <source>no target</source>
        <translation>sem meta</translation>
    </message>
    <message>
        <source>any number</source>
        <translation>qualquer número</translation>
    </message>
    <message>
        <source>a number of at least 0</source>
        <translation>um número maior ou igual a 0</translation>
    </message>
    <message>
        <source>a number above 0</source>
        <translation>um número maior que 0</translation>
    </message>
    <message>
        <source>a fraction from 0 to 1</source>
        <translation>uma fração entre 0 e 1</translation>
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
        <translation>Possuir</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>Alugar</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>Híbrido</translation>
    </message>
    <message>
        <source>Optimal</source>
        <translation>Ótimo</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>no caminho</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>em risco</translation>
    </message>
    <message>
        <source>off track</source>
        <translation>fora da meta</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>sem meta</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nenhum</translation>
    </message>
    <message>
        <source>Executive summary</source>
        <translation>Resumo executivo</translation>
    </message>
    <message>
        <source>Net present value by strategy</source>
        <translation>Valor presente líquido por estratégia</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>NPV (M USD)</source>
        <translation>VPL (M USD)</translation>
    </message>
    <message>
        <source>Salvage (M USD)</source>
        <translation>Valor residual (M USD)</translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation>Viável</translation>
    </message>
    <message>
        <source>Most GPUs owned</source>
        <translation>Máx. de GPUs próprias</translation>
    </message>
    <message>
        <source>Cloud GPU-hours</source>
        <translation>Horas de GPU em nuvem</translation>
    </message>
    <message>
        <source>CO2 (t)</source>
        <translation>CO2 (t)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source>Year by year</source>
        <translation>Ano a ano</translation>
    </message>
    <message>
        <source>NPV</source>
        <translation>VPL</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>inviável</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Ano</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Demand (H100-h)</source>
        <translation>Demanda (H100-h)</translation>
    </message>
    <message>
        <source>Owned GPUs</source>
        <translation>GPUs próprias</translation>
    </message>
    <message>
        <source>On-prem (H100-h)</source>
        <translation>Local (H100-h)</translation>
    </message>
    <message>
        <source>Cloud (GPU-h)</source>
        <translation>Nuvem (GPU-h)</translation>
    </message>
    <message>
        <source>Unmet (H100-h)</source>
        <translation>Não atendida (H100-h)</translation>
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
        <translation>MW de pico</translation>
    </message>
    <message>
        <source>Grid cap MW</source>
        <translation>Limite da rede MW</translation>
    </message>
    <message>
        <source>Sovereign share</source>
        <translation>Participação soberana</translation>
    </message>
    <message>
        <source>Binding constraints and infeasibilities</source>
        <translation>Restrições ativas e inviabilidades</translation>
    </message>
    <message>
        <source>Constraint</source>
        <translation>Restrição</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalhe</translation>
    </message>
    <message>
        <source>Why: what binds</source>
        <translation>Por quê: o que restringe o plano</translation>
    </message>
    <message>
        <source>No constraint binds: every strategy is limited by demand alone.</source>
        <translation>Nenhuma restrição está ativa: todas as estratégias são limitadas apenas pela demanda.</translation>
    </message>
    <message>
        <source>Roadmap KPIs</source>
        <translation>KPIs do roteiro</translation>
    </message>
    <message>
        <source>The scenario sets no KPI targets.</source>
        <translation>O cenário não define metas de KPI.</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>no mínimo</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>no máximo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Meta</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Uncertainty (Monte Carlo)</source>
        <translation>Incerteza (Monte Carlo)</translation>
    </message>
    <message>
        <source>%1 draws (seed %2) over %3 uncertain inputs. Probability that owning beats leasing: %4. Probability that the optimal fleet has to send sensitive work to a foreign cloud: %5.</source>
        <translation>%1 amostras (semente %2) sobre %3 parâmetros incertos. Probabilidade de possuir superar alugar: %4. Probabilidade de a frota ótima precisar enviar cargas sensíveis para uma nuvem estrangeira: %5.</translation>
    </message>
    <message>
        <source>NPV percentiles (M USD)</source>
        <translation>Percentis do VPL (M USD)</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Média</translation>
    </message>
    <message>
        <source>Feasible draws</source>
        <translation>Amostras viáveis</translation>
    </message>
    <message>
        <source>Tornado: optimal plan NPV with one input at its low and high end</source>
        <translation>Tornado: VPL do plano ótimo com um parâmetro em seu valor baixo e alto</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Parâmetro</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Valor baixo</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Valor alto</translation>
    </message>
    <message>
        <source>NPV at low (M USD)</source>
        <translation>VPL no valor baixo (M USD)</translation>
    </message>
    <message>
        <source>NPV at high (M USD)</source>
        <translation>VPL no valor alto (M USD)</translation>
    </message>
    <message>
        <source>Swing (M USD)</source>
        <translation>Amplitude (M USD)</translation>
    </message>
    <message>
        <source>share of draws</source>
        <translation>fração das amostras</translation>
    </message>
    <message>
        <source>Assumptions and sources</source>
        <translation>Premissas e fontes</translation>
    </message>
    <message>
        <source>Inputs (per-year values separated by &apos;/&apos;)</source>
        <translation>Parâmetros (valores anuais separados por &apos;/&apos;)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Fonte</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>cenário</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sem limite</translation>
    </message>
    <message>
        <source>varies in the Monte Carlo</source>
        <translation>varia na simulação de Monte Carlo</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fontes</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Methodology</source>
        <translation>Metodologia</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>CO2 emissions</source>
        <translation>Emissões de CO2</translation>
    </message>
    <message>
        <source>t CO2</source>
        <translation>t CO2</translation>
    </message>
    <message>
        <source>Sovereign share of served compute</source>
        <translation>Participação soberana da computação atendida</translation>
    </message>
    <message>
        <source>share</source>
        <translation>participação</translation>
    </message>
    <message>
        <source>Yearly cost, %1</source>
        <translation>Custo anual, %1</translation>
    </message>
    <message>
        <source>Capex</source>
        <translation>Capex</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Manutenção</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Pessoal</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energia</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Nuvem</translation>
    </message>
    <message>
        <source>Facility power, %1</source>
        <translation>Potência da instalação, %1</translation>
    </message>
    <message>
        <source>MW</source>
        <translation>MW</translation>
    </message>
    <message>
        <source>Peak facility MW</source>
        <translation>MW de pico da instalação</translation>
    </message>
    <message>
        <source>Grid cap</source>
        <translation>Limite da rede</translation>
    </message>
    <message>
        <source>Where compute runs, %1</source>
        <translation>Onde a computação é executada, %1</translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation>Horas de GPU</translation>
    </message>
    <message>
        <source>AI compute plan: %1</source>
        <translation>Plano de computação de IA: %1</translation>
    </message>
    <message>
        <source>Comparison of %1 AI compute scenarios</source>
        <translation>Comparação de %1 cenários de computação de IA</translation>
    </message>
    <message>
        <source>Scenarios side by side</source>
        <translation>Cenários lado a lado</translation>
    </message>
    <message>
        <source>NPV by scenario and strategy (M USD; * = infeasible)</source>
        <translation>VPL por cenário e estratégia (M USD; * = inviável)</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Cenário</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>Recomendada</translation>
    </message>
    <message>
        <source>Sovereign KPI report</source>
        <translation>Relatório de KPIs do Sovereign</translation>
    </message>
    <message>
        <source>Region %1, accelerator %2, %3 to %4.</source>
        <translation>Região %1, acelerador %2, de %3 a %4.</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumo</translation>
    </message>
    <message>
        <source>NPV (USD)</source>
        <translation>VPL (USD)</translation>
    </message>
    <message>
        <source>Salvage (USD)</source>
        <translation>Valor residual (USD)</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>KPIs</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Assumptions</source>
        <translation>Premissas</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Monte Carlo</source>
        <translation>Monte Carlo</translation>
    </message>
    <message>
        <source>Feasible share</source>
        <translation>Fração viável</translation>
    </message>
    <message>
        <source>P(own beats lease)</source>
        <translation>P(possuir supera alugar)</translation>
    </message>
    <message>
        <source>Tornado input</source>
        <translation>Parâmetro (tornado)</translation>
    </message>
    <message>
        <source>NPV at low</source>
        <translation>VPL no valor baixo</translation>
    </message>
    <message>
        <source>NPV at high</source>
        <translation>VPL no valor alto</translation>
    </message>
    <message>
        <source>Swing</source>
        <translation>Amplitude</translation>
    </message>
    <message>
        <source>%1 M USD</source>
        <translation>%1 M USD</translation>
    </message>
    <message>
        <source>%1 k USD</source>
        <translation>%1 mil USD</translation>
    </message>
    <message>
        <source>Recommended: %1, NPV %2</source>
        <translation>Recomendado: %1, VPL %2</translation>
    </message>
    <message>
        <source>sovereignty</source>
        <translation>a soberania</translation>
    </message>
    <message>
        <source>Distribution of NPV across draws (bins in M USD)</source>
        <translation>Distribuição do VPL nas amostras (classes em M USD)</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>rede</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>orçamento</translation>
    </message>
    <message>
        <source>the %1 MW grid cap allows %2 nodes in service; more were needed</source>
        <translation>o limite de rede de %1 MW permite %2 nós em serviço; eram necessários mais</translation>
    </message>
    <message>
        <source>the capex budget of %1 buys %2 nodes; more were needed</source>
        <translation>o orçamento de capex de %1 compra %2 nós; eram necessários mais</translation>
    </message>
    <message>
        <source>nodes bought earlier draw more than the %1 MW grid cap</source>
        <translation>os nós comprados antes consomem mais que o limite de rede de %1 MW</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours on a foreign cloud</source>
        <translation>%1 horas-H100 sensíveis em nuvem estrangeira</translation>
    </message>
    <message>
        <source>lifting this constraint would lower NPV by %1</source>
        <translation>remover esta restrição reduziria o VPL em %1</translation>
    </message>
    <message>
        <source>%1 H100-hours of demand unmet</source>
        <translation>%1 horas-H100 de demanda não atendidas</translation>
    </message>
    <message>
        <source>the owned fleet draws %1 MW, above the %2 MW grid cap</source>
        <translation>a frota própria consome %1 MW, acima do limite de rede de %2 MW</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>Robust</source>
        <translation>Robusta</translation>
    </message>
    <message>
        <source>Sensitive demand (H100-h)</source>
        <translation>Demanda sensível (H100-h)</translation>
    </message>
    <message>
        <source>New GPUs</source>
        <translation>Novas GPUs</translation>
    </message>
    <message>
        <source>Sensitive work on a foreign cloud (H100-h)</source>
        <translation>Cargas sensíveis em nuvem estrangeira (H100-h)</translation>
    </message>
    <message>
        <source>Capex (USD)</source>
        <translation>Capex (USD)</translation>
    </message>
    <message>
        <source>Maintenance (USD)</source>
        <translation>Manutenção (USD)</translation>
    </message>
    <message>
        <source>Staff (USD)</source>
        <translation>Pessoal (USD)</translation>
    </message>
    <message>
        <source>Energy (MWh)</source>
        <translation>Energia (MWh)</translation>
    </message>
    <message>
        <source>Energy cost (USD)</source>
        <translation>Custo de energia (USD)</translation>
    </message>
    <message>
        <source>Cloud cost (USD)</source>
        <translation>Custo de nuvem (USD)</translation>
    </message>
    <message>
        <source>Total cost (USD)</source>
        <translation>Custo total (USD)</translation>
    </message>
    <message>
        <source>Cost per H100-hour (USD)</source>
        <translation>Custo por hora de H100 (USD)</translation>
    </message>
    <message>
        <source>Cost per million tokens (USD)</source>
        <translation>Custo por milhão de tokens (USD)</translation>
    </message>
    <message>
        <source>kWh per million tokens</source>
        <translation>kWh por milhão de tokens</translation>
    </message>
    <message>
        <source>Demand is converted to H100-equivalent GPU-hours. &apos;Own&apos; buys whole nodes to cover demand within the grid cap and the capex budget; &apos;lease&apos; rents everything; &apos;hybrid&apos; owns enough for sensitive work plus a share of the rest and bursts the remainder; &apos;optimal&apos; chooses nodes per year and cloud hours with a mixed-integer program (COIN-OR CBC) that minimises net present value under demand, grid, budget, utilization and sovereignty constraints. A plan is feasible when no demand is unmet and no sensitive work runs on a foreign cloud. Costs: capex, maintenance, staff, energy (idle and busy power times PUE) and cloud with egress; salvage credits hardware still in service at the horizon.</source>
        <translation>A demanda é convertida em horas de GPU equivalentes a H100. &apos;Possuir&apos; compra nós inteiros para cobrir a demanda dentro do limite da rede elétrica e do orçamento de capex; &apos;alugar&apos; aluga toda a capacidade; &apos;híbrido&apos; possui capacidade suficiente para as cargas sensíveis mais uma parcela do restante e transborda o excedente para a nuvem; &apos;ótimo&apos; escolhe os nós por ano e as horas de nuvem com um modelo de programação inteira mista (COIN-OR CBC) que minimiza o valor presente líquido sob restrições de demanda, rede, orçamento, utilização e soberania. Um plano é viável quando nenhuma demanda fica sem atendimento e nenhuma carga sensível é executada em uma nuvem estrangeira. Custos: capex, manutenção, pessoal, energia (potência ociosa e em uso multiplicada pelo PUE) e nuvem, incluindo o tráfego de saída (egress); o valor residual credita o hardware ainda em serviço no fim do horizonte.</translation>
    </message>
    <message>
        <source>Appendix: methodology (in English)</source>
        <translation>Apêndice: metodologia (em inglês)</translation>
    </message>
    <message>
        <source>, holds in %1 of %2 sampled futures</source>
        <translation>, resiste em %1 dos %2 futuros amostrados</translation>
    </message>
    <message>
        <source> (no strategy reaches the %1 target)</source>
        <translation> (nenhuma estratégia atinge a meta de %1)</translation>
    </message>
    <message>
        <source>; %1 is %2 cheaper but holds in only %3</source>
        <translation>; %1 custa %2 menos mas só resiste em %3</translation>
    </message>
    <message>
        <source>plan NPV %1</source>
        <translation>VPL do plano %1</translation>
    </message>
    <message>
        <source>input at its low end</source>
        <translation>parâmetro no valor baixo</translation>
    </message>
    <message>
        <source>input at its high end</source>
        <translation>parâmetro no valor alto</translation>
    </message>
    <message>
        <source>Cumulative spending, nominal (not discounted, before salvage; strategies rank by NPV)</source>
        <translation>Despesa acumulada, nominal (sem desconto, antes do valor residual; as estratégias ordenam-se pelo VPL)</translation>
    </message>
    <message>
        <source>%1 bn USD</source>
        <translation>%1 mil M USD</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the grid cap and the capex budget limit owned capacity and the cloud is not sovereign</source>
        <translation>%1 horas H100 sensíveis não podem ser alocadas: o limite da rede e o orçamento de capex limitam a capacidade própria e a nuvem não é soberana</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the grid cap limits owned capacity and the cloud is not sovereign</source>
        <translation>%1 horas H100 sensíveis não podem ser alocadas: o limite da rede limita a capacidade própria e a nuvem não é soberana</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the capex budget limits owned capacity and the cloud is not sovereign</source>
        <translation>%1 horas H100 sensíveis não podem ser alocadas: o orçamento de capex limita a capacidade própria e a nuvem não é soberana</translation>
    </message>
    <message>
        <source>%1 sensitive H100-hours cannot be placed: the utilization leaves a node no usable hours and the cloud is not sovereign</source>
        <translation>%1 horas H100 sensíveis não podem ser alocadas: a utilização não deixa horas úteis a um nó e a nuvem não é soberana</translation>
    </message>
    <message>
        <source>No strategy is feasible.</source>
        <translation>Nenhuma estratégia é viável.</translation>
    </message>
    <message>
        <source>No strategy is feasible: even the optimal plan fails in %1: %2.</source>
        <translation>Nenhuma estratégia é viável: até o plano ótimo falha em %1: %2.</translation>
    </message>
    <message>
        <source>; %1 is %2 cheaper but infeasible</source>
        <translation>; %1 custa %2 a menos, mas é inviável</translation>
    </message>
    <message>
        <source>; %1 below %2</source>
        <translation>; %1 abaixo de %2</translation>
    </message>
    <message>
        <source>%1 is %2 cheaper, but its plan holds in only %3 of the %4 sampled futures, below the %5 target.</source>
        <translation>%1 custa %2 a menos, mas o seu plano só se sustenta em %3 dos %4 futuros amostrados, abaixo da meta de %5.</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>mais %n</numerusform>
            <numerusform>mais %n</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is %2 cheaper but infeasible: %3.</source>
        <translation>%1 custa %2 a menos, mas é inviável: %3.</translation>
    </message>
    <message>
        <source>What to buy and the cash it needs, year by year (%1)</source>
        <translation>O que comprar e o caixa necessário, ano a ano (%1)</translation>
    </message>
    <message>
        <source>GPUs bought</source>
        <translation>GPUs compradas</translation>
    </message>
    <message>
        <source>GPUs owned</source>
        <translation>GPUs próprias</translation>
    </message>
    <message>
        <source>Running costs (M USD)</source>
        <translation>Custos de operação (M USD)</translation>
    </message>
    <message>
        <source>Cash needed (M USD)</source>
        <translation>Caixa necessário (M USD)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Why not a cheaper option</source>
        <translation>Por que não uma opção mais barata</translation>
    </message>
    <message>
        <source>No strategy costs less than %1.</source>
        <translation>Nenhuma estratégia custa menos que %1.</translation>
    </message>
    <message>
        <source>The next feasible option, %1, costs %2 more.</source>
        <translation>A próxima opção viável, %1, custa %2 a mais.</translation>
    </message>
    <message>
        <source>How robust the choice is</source>
        <translation>Quão robusta é a escolha</translation>
    </message>
    <message>
        <source>No input carries a range, so the plan is judged at the scenario&apos;s own figures only. Give uncertain inputs a range to test it against sampled futures.</source>
        <translation>Nenhum dado tem intervalo: o plano é avaliado apenas com os valores do cenário. Dê um intervalo aos dados incertos para testá-lo em futuros amostrados.</translation>
    </message>
    <message>
        <source>Its purchases hold (all demand served, no sensitive hour abroad, under the grid cap) in %1 of %2 sampled futures; the target is %3.</source>
        <translation>As suas compras se sustentam (toda a demanda atendida, nenhuma hora sensível no exterior, abaixo do limite da rede) em %1 de %2 futuros amostrados; a meta é %3.</translation>
    </message>
    <message>
        <source>Across %1 Monte Carlo draws its NPV is %2 (P10), %3 (P50) and %4 (P90); the plan is feasible in %5 of the draws.</source>
        <translation>Em %1 sorteios de Monte Carlo, o seu VPL é %2 (P10), %3 (P50) e %4 (P90); o plano é viável em %5 dos sorteios.</translation>
    </message>
    <message>
        <source>KPIs off track</source>
        <translation>KPIs fora da trajetória</translation>
    </message>
    <message>
        <source>off track in %1</source>
        <translation>fora da trajetória em %1</translation>
    </message>
    <message>
        <source>at risk in %1</source>
        <translation>em risco em %1</translation>
    </message>
    <message>
        <source>Every KPI with a target is on track.</source>
        <translation>Todos os KPIs com meta estão na trajetória.</translation>
    </message>
    <message>
        <source>What the binding constraints cost</source>
        <translation>Quanto custam as restrições ativas</translation>
    </message>
    <message>
        <source>No constraint binds: demand alone sizes the plans.</source>
        <translation>Nenhuma restrição está ativa: só a demanda dimensiona os planos.</translation>
    </message>
    <message>
        <source>Each constraint once: where it binds and what lifting it saves</source>
        <translation>Cada restrição uma vez: onde está ativa e quanto se poupa ao removê-la</translation>
    </message>
    <message>
        <source>Binds the %1 plan in</source>
        <translation>Ativa no plano %1 em</translation>
    </message>
    <message>
        <source>Binds the optimal plan in</source>
        <translation>Ativa no plano ótimo em</translation>
    </message>
    <message>
        <source>Lifting it lowers the optimal NPV by</source>
        <translation>Removê-la reduz o VPL ótimo em</translation>
    </message>
    <message>
        <source>no year</source>
        <translation>nenhum ano</translation>
    </message>
    <message>
        <source>nothing: it does not bind the optimal plan</source>
        <translation>nada: não restringe o plano ótimo</translation>
    </message>
    <message>
        <source>Holds in futures</source>
        <translation>Sustenta-se nos futuros</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Região</translation>
    </message>
    <message>
        <source>Accelerator</source>
        <translation>Acelerador</translation>
    </message>
    <message>
        <source>GPUs per node</source>
        <translation>GPUs por nó</translation>
    </message>
    <message>
        <source>Hardware lifetime (years)</source>
        <translation>Vida útil do hardware (anos)</translation>
    </message>
    <message>
        <source>Sovereign cloud</source>
        <translation>Nuvem soberana</translation>
    </message>
    <message>
        <source>Discount rate</source>
        <translation>Taxa de desconto</translation>
    </message>
    <message>
        <source>Accelerator price</source>
        <translation>Preço do acelerador</translation>
    </message>
    <message>
        <source>Accelerator power (TDP)</source>
        <translation>Potência do acelerador (TDP)</translation>
    </message>
    <message>
        <source>Accelerator throughput</source>
        <translation>Desempenho do acelerador</translation>
    </message>
    <message>
        <source>Server overhead</source>
        <translation>Custo adicional do servidor</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>Utilização</translation>
    </message>
    <message>
        <source>Idle power</source>
        <translation>Consumo em repouso</translation>
    </message>
    <message>
        <source>Host power overhead</source>
        <translation>Consumo adicional do host</translation>
    </message>
    <message>
        <source>Power usage effectiveness (PUE)</source>
        <translation>Eficiência energética (PUE)</translation>
    </message>
    <message>
        <source>Electricity price</source>
        <translation>Preço da eletricidade</translation>
    </message>
    <message>
        <source>Grid carbon intensity</source>
        <translation>Intensidade de carbono da rede</translation>
    </message>
    <message>
        <source>Grid power cap</source>
        <translation>Limite de potência da rede</translation>
    </message>
    <message>
        <source>Staff per 100 GPUs</source>
        <translation>Pessoal por 100 GPUs</translation>
    </message>
    <message>
        <source>Staff cost</source>
        <translation>Custo de pessoal</translation>
    </message>
    <message>
        <source>Capital budget</source>
        <translation>Orçamento de investimento</translation>
    </message>
    <message>
        <source>Hybrid owned share</source>
        <translation>Parcela própria (híbrido)</translation>
    </message>
    <message>
        <source>Cloud price</source>
        <translation>Preço da nuvem</translation>
    </message>
    <message>
        <source>Cloud GPU throughput</source>
        <translation>Desempenho de GPU na nuvem</translation>
    </message>
    <message>
        <source>Cloud egress price</source>
        <translation>Preço de saída de dados da nuvem</translation>
    </message>
    <message>
        <source>Cloud egress volume</source>
        <translation>Volume de saída de dados da nuvem</translation>
    </message>
    <message>
        <source>runs per year</source>
        <translation>execuções por ano</translation>
    </message>
    <message>
        <source>GPU hours per run</source>
        <translation>horas de GPU por execução</translation>
    </message>
    <message>
        <source>GPU hours</source>
        <translation>horas de GPU</translation>
    </message>
    <message>
        <source>tokens per month</source>
        <translation>tokens por mês</translation>
    </message>
    <message>
        <source>tokens per GPU-second</source>
        <translation>tokens por GPU-segundo</translation>
    </message>
    <message>
        <source>share served on edge CPUs</source>
        <translation>parcela servida em CPUs de borda</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>%1 is a workload&apos;s name, %2 one of its inputs (&quot;chat: tokens per month&quot;)</extracomment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semente</translation>
    </message>
    <message>
        <source>Sprout</source>
        <translation>Broto</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Escala</translation>
    </message>
    <message>
        <source>Harvest</source>
        <translation>Colheita</translation>
    </message>
    <message>
        <source>Flywheel</source>
        <translation>Volante</translation>
    </message>
    <message>
        <source>&apos;Robust&apos; buys one schedule chosen against a few hundred sampled futures at once (a sample-average MILP), minimising expected NPV while demand and sovereignty hold in the target share of them. Every strategy is then tested on the same futures; the recommendation is the cheapest feasible strategy that holds in the target share (or, when none does, the one that holds in the most).</source>
        <translation>&apos;Robusta&apos; compra um único cronograma escolhido diante de algumas centenas de futuros amostrados ao mesmo tempo (um MILP de média amostral), minimizando o VPL esperado enquanto a demanda e a soberania se sustentam na fração-alvo desses futuros. Cada estratégia é então testada nos mesmos futuros; a recomendação é a estratégia viável mais barata que se sustenta na fração-alvo (ou, se nenhuma o faz, a que se sustenta em mais futuros).</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Plan national AI compute.</source>
        <translation>Planejar a capacidade nacional de computação de IA.</translation>
    </message>
    <message>
        <source>Project file (.sovereign) to open.</source>
        <translation>Arquivo de projeto (.sovereign) a ser aberto.</translation>
    </message>
    <message>
        <source>Save a PNG of each view into DIR and quit.</source>
        <translation>Salvar um PNG de cada visualização em DIR e sair.</translation>
    </message>
    <message>
        <source>Measure GUI stalls during an N-draw Monte Carlo and quit.</source>
        <translation>Medir travamentos da interface durante um Monte Carlo de N amostras e sair.</translation>
    </message>
</context>
<context>
    <name>sovereign::CompareWidget</name>
    <message>
        <source>Yearly capex and opex</source>
        <translation>Capex e opex anuais</translation>
    </message>
    <message>
        <source>Facility MW vs grid cap</source>
        <translation>MW da instalação vs. limite da rede</translation>
    </message>
    <message>
        <source>CO2 emissions</source>
        <translation>Emissões de CO2</translation>
    </message>
    <message>
        <source>Sovereign share</source>
        <translation>Participação soberana</translation>
    </message>
    <message>
        <source>On-prem vs cloud GPU-hours</source>
        <translation>Horas de GPU locais vs. em nuvem</translation>
    </message>
    <message>
        <source>Breakeven: own vs lease</source>
        <translation>Ponto de equilíbrio: possuir vs. alugar</translation>
    </message>
    <message>
        <source>as utilization varies</source>
        <translation>conforme a utilização varia</translation>
    </message>
    <message>
        <source>as the cloud price varies</source>
        <translation>conforme o preço da nuvem varia</translation>
    </message>
    <message>
        <source>Scenarios:</source>
        <translation>Cenários:</translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation>Estratégias:</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>Visualização:</translation>
    </message>
    <message>
        <source>year %1</source>
        <translation>ano %1</translation>
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
        <translation>MW de pico da instalação</translation>
    </message>
    <message>
        <source>Grid cap</source>
        <translation>Limite da rede</translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation>Horas de GPU</translation>
    </message>
    <message>
        <source>On-prem (H100-h)</source>
        <translation>Local (H100-h)</translation>
    </message>
    <message>
        <source>Cloud (GPU-h)</source>
        <translation>Nuvem (GPU-h)</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Cenário</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>NPV (M USD)</source>
        <translation>VPL (M USD)</translation>
    </message>
    <message>
        <source>Δ NPV (M USD)</source>
        <translation>Δ VPL (M USD)</translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation>Viável</translation>
    </message>
    <message>
        <source>Most GPUs</source>
        <translation>Máx. de GPUs</translation>
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
        <translation>Participação soberana média</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source>Breakeven: own vs lease NPV</source>
        <translation>Ponto de equilíbrio: VPL possuir vs. alugar</translation>
    </message>
    <message>
        <source>utilization (all years)</source>
        <translation>utilização (todos os anos)</translation>
    </message>
    <message>
        <source>cloud USD per GPU-hour (all years)</source>
        <translation>USD de nuvem por hora de GPU (todos os anos)</translation>
    </message>
    <message>
        <source>own</source>
        <translation>próprio</translation>
    </message>
    <message>
        <source>lease</source>
        <translation>arrendamento</translation>
    </message>
    <message>
        <source>hybrid</source>
        <translation>híbrido</translation>
    </message>
    <message>
        <source>optimal</source>
        <translation>ótimo</translation>
    </message>
    <message>
        <source>robust</source>
        <translation>robusto</translation>
    </message>
    <message>
        <source>This plan is infeasible: %1</source>
        <translation>Este plano é inviável: %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 (infeasible)</source>
        <translation>%1 (inviável)</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>% of served compute</source>
        <translation>% da computação servida</translation>
    </message>
    <message>
        <source>faded: infeasible</source>
        <translation>esmaecido: inviável</translation>
    </message>
    <message>
        <source>MW</source>
        <translation>MW</translation>
    </message>
    <message>
        <source>%1: owning breaks even at %2</source>
        <translation>%1: possuir compensa a partir de %2</translation>
    </message>
    <message>
        <source>%1: no crossing in the range</source>
        <translation>%1: sem cruzamento no intervalo</translation>
    </message>
    <message>
        <source>Own vs lease NPV (%1)</source>
        <translation>VPL próprio vs arrendamento (%1)</translation>
    </message>
    <message>
        <source>Cumulative spending (nominal; ranked by NPV)</source>
        <translation>Despesa acumulada (nominal; ordenada pelo VPL)</translation>
    </message>
</context>
<context>
    <name>sovereign::ExportDialog</name>
    <message>
        <source>Export report</source>
        <translation>Exportar relatório</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Documento PDF</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Pasta de trabalho do Excel (XLSX)</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>Tabela CSV</translation>
    </message>
    <message>
        <source>Web page (HTML)</source>
        <translation>Página web (HTML)</translation>
    </message>
    <message>
        <source>Application language</source>
        <translation>Idioma do aplicativo</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nenhuma</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Procurar...</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Formato:</translation>
    </message>
    <message>
        <source>&amp;Scenarios:</source>
        <translation>&amp;Cenários:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>&amp;Monte Carlo draws:</source>
        <translation>Amostras de &amp;Monte Carlo:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Ar&amp;quivo:</translation>
    </message>
</context>
<context>
    <name>sovereign::MainWindow</name>
    <message>
        <source>&amp;Scenario</source>
        <translation>&amp;Cenário</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>Com&amp;parar</translation>
    </message>
    <message>
        <source>&amp;Roadmap</source>
        <translation>&amp;Roteiro</translation>
    </message>
    <message>
        <source>&amp;Uncertainty</source>
        <translation>&amp;Incerteza</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Adicionar</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Cenários</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation>&amp;Novo projeto</translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation>&amp;Abrir projeto...</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Abrir projeto</translation>
    </message>
    <message>
        <source>Sovereign projects (*.sovereign)</source>
        <translation>Projetos do Sovereign (*.sovereign)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Abrir recen&amp;te</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Salvar</translation>
    </message>
    <message>
        <source>Save &amp;as...</source>
        <translation>Salvar c&amp;omo...</translation>
    </message>
    <message>
        <source>&amp;Import scenario YAML...</source>
        <translation>&amp;Importar cenário YAML...</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import scenario</source>
        <translation>Importar cenário</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation>Cenários (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>The scenario was not imported.</source>
        <translation>O cenário não foi importado.</translation>
    </message>
    <message>
        <source>&amp;Export scenario YAML...</source>
        <translation>&amp;Exportar cenário YAML...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export scenario</source>
        <translation>Exportar cenário</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml)</source>
        <translation>Cenários (*.yaml)</translation>
    </message>
    <message>
        <source>The scenario was not exported.</source>
        <translation>O cenário não foi exportado.</translation>
    </message>
    <message>
        <source>Export &amp;report...</source>
        <translation>Exportar re&amp;latório...</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>The report was not written.</source>
        <translation>O relatório não foi gravado.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Arquivo gravado: %1</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Sai&amp;r</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Desfazer</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Refazer</translation>
    </message>
    <message>
        <source>&amp;Add scenario</source>
        <translation>&amp;Adicionar cenário</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>Re&amp;move scenario</source>
        <translation>Re&amp;mover cenário</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>E&amp;xibir</translation>
    </message>
    <message>
        <source>Run &amp;Monte Carlo</source>
        <translation>Executar &amp;Monte Carlo</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The language changes when Sovereign starts again.</source>
        <translation>O idioma será alterado na próxima vez que o Sovereign for iniciado.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;juda</translation>
    </message>
    <message>
        <source>&amp;Methodology</source>
        <translation>&amp;Metodologia</translation>
    </message>
    <message>
        <source>&amp;About Sovereign</source>
        <translation>&amp;Sobre o Sovereign</translation>
    </message>
    <message>
        <source>About Sovereign</source>
        <translation>Sobre o Sovereign</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sovereign&lt;/b&gt; %1&lt;br&gt;Plan and run your own AI compute: own, lease, hybrid and optimal five-year plans with NPV, energy, carbon and KPIs.</source>
        <translation>&lt;b&gt;Sovereign&lt;/b&gt; %1&lt;br&gt;Planeje e opere sua própria capacidade de computação de IA: planos de cinco anos para possuir, alugar, híbrido e ótimo, com VPL, energia, carbono e KPIs.</translation>
    </message>
    <message>
        <source>Add a scenario to start planning.</source>
        <translation>Adicione um cenário para começar o planejamento.</translation>
    </message>
    <message>
        <source> copy</source>
        <translation> cópia</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demonstração</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>Recuperar o trabalho não salvo?</translation>
    </message>
    <message>
        <source>Sovereign was closed without saving %1. Restore the unsaved changes?</source>
        <translation>O Sovereign foi fechado sem salvar %1. Restaurar as alterações não salvas?</translation>
    </message>
    <message>
        <source>The project could not be opened.</source>
        <translation>Não foi possível abrir o projeto.</translation>
    </message>
    <message>
        <source>The project was not saved.</source>
        <translation>O projeto não foi salvo.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Salvo: %1</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Salvar projeto</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Alterações não salvas</translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them?</source>
        <translation>%1 tem alterações não salvas. Deseja salvá-las?</translation>
    </message>
    <message>
        <source>Sovereign</source>
        <translation>Sovereign</translation>
    </message>
    <message>
        <source>Re&amp;name scenario...</source>
        <translation>Re&amp;nomear cenário...</translation>
    </message>
    <message>
        <source>Rename scenario</source>
        <translation>Renomear cenário</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Novo nome:</translation>
    </message>
    <message>
        <source>Methodology — Sovereign</source>
        <translation>Metodologia — Sovereign</translation>
    </message>
    <message>
        <source>The methodology is not part of this build.</source>
        <translation>A metodologia não faz parte desta versão.</translation>
    </message>
    <message>
        <source>Planning on a worker thread; the views show the previous plan until it is done.</source>
        <translation>Planejando em segundo plano; as vistas mostram o plano anterior até terminar.</translation>
    </message>
    <message>
        <source>Planning %1...</source>
        <translation>Planejando %1…</translation>
    </message>
    <message>
        <source>Writing %1...</source>
        <translation>Escrevendo %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Exportar relatório</translation>
    </message>
</context>
<context>
    <name>sovereign::ProjectDocument</name>
    <message>
        <source>Untitled project</source>
        <translation>Projeto sem título</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Editar %1</translation>
    </message>
    <message>
        <source>Add scenario %1</source>
        <translation>Adicionar cenário %1</translation>
    </message>
    <message>
        <source>Remove scenario %1</source>
        <translation>Remover cenário %1</translation>
    </message>
    <message>
        <source>A scenario needs a name.</source>
        <translation>Um cenário precisa de um nome.</translation>
    </message>
    <message>
        <source>Another scenario is already named &apos;%1&apos;.</source>
        <translation>Outro cenário já se chama &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Rename scenario %1 to %2</source>
        <translation>Renomear o cenário %1 para %2</translation>
    </message>
</context>
<context>
    <name>sovereign::RoadmapWidget</name>
    <message>
        <source>No valid plan to show.</source>
        <translation>Nenhum plano válido para exibir.</translation>
    </message>
    <message>
        <source>%1 in %2: %3; target %4</source>
        <translation>%1 em %2: %3; meta %4</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nenhuma</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number; the target is unchanged.</source>
        <translation>&apos;%1&apos; não é um número; a meta não foi alterada.</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>n/a (the plan has no such figure this year)</source>
        <translation>n.d. (o plano não tem este valor neste ano)</translation>
    </message>
    <message>
        <source>Each cell shows the plan&apos;s value and, below it, the target (shares in percent). Double-click a cell to change its target; leave it empty for no target.</source>
        <translation>Cada célula mostra o valor do plano e, abaixo, a meta (quotas em percentagem). Faça duplo clique numa célula para mudar a meta; deixe-a vazia para nenhuma meta.</translation>
    </message>
    <message>
        <source>%1
%2 · %3, %4 target</source>
        <translation>%1
%2 · %3, meta %4</translation>
    </message>
    <message>
        <source>plan infeasible</source>
        <translation>plano inviável</translation>
    </message>
    <message>
        <source>The %1 plan is infeasible: no verdict is shown (at its figures the planner judges it %2).</source>
        <translation>O plano %1 é inviável: nenhum veredito é mostrado (com os seus números, o planeador julga-o %2).</translation>
    </message>
    <message>
        <source>Planning...</source>
        <translation>Planejando…</translation>
    </message>
    <message>
        <source>Planning the edited scenario; showing the previous plan.</source>
        <translation>Planejando o cenário editado; mostrando o plano anterior.</translation>
    </message>
</context>
<context>
    <name>sovereign::ScenarioEditor</name>
    <message>
        <source>The cloud runs under national jurisdiction (sensitive work may burst)</source>
        <translation>A nuvem opera sob jurisdição nacional (cargas sensíveis podem transbordar para ela)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>Re&amp;gião:</translation>
    </message>
    <message>
        <source>&amp;Accelerator:</source>
        <translation>Ace&amp;lerador:</translation>
    </message>
    <message>
        <source>for</source>
        <translation>por</translation>
    </message>
    <message>
        <source>years</source>
        <translation>anos</translation>
    </message>
    <message>
        <source>Start year:</source>
        <translation>Ano inicial:</translation>
    </message>
    <message>
        <source>Cloud:</source>
        <translation>Nuvem:</translation>
    </message>
    <message>
        <source>Electricity price, grid carbon intensity and PUE come from the region catalog unless set below.</source>
        <translation>O preço da eletricidade, a intensidade de carbono da rede e o PUE vêm do catálogo de regiões, a menos que sejam definidos abaixo.</translation>
    </message>
    <message>
        <source>Price, power and H100-equivalent throughput come from the accelerator catalog unless set below.</source>
        <translation>O preço, a potência e o desempenho equivalente a H100 vêm do catálogo de aceleradores, a menos que sejam definidos abaixo.</translation>
    </message>
    <message>
        <source>Use &amp;catalog value</source>
        <translation>Usar valor do ca&amp;tálogo</translation>
    </message>
    <message>
        <source>Remove the scenario&apos;s own value for the selected input</source>
        <translation>Remover o valor próprio do cenário para o parâmetro selecionado</translation>
    </message>
    <message>
        <source>Add &amp;workload...</source>
        <translation>A&amp;dicionar carga de trabalho...</translation>
    </message>
    <message>
        <source>This scenario is not valid, so its plan shows the last valid values. %1</source>
        <translation>Este cenário não é válido; por isso, o plano mostra os últimos valores válidos. %1</translation>
    </message>
    <message>
        <source>Add workload</source>
        <translation>Adicionar carga de trabalho</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Tipo:</translation>
    </message>
    <message>
        <source>Name (letters, digits, - or _):</source>
        <translation>Nome (letras, dígitos, - ou _):</translation>
    </message>
    <message>
        <source>Add workload %1</source>
        <translation>Adicionar carga de trabalho %1</translation>
    </message>
    <message>
        <source>GPUs are bought in whole nodes of this size</source>
        <translation>As GPUs são compradas em nós inteiros deste tamanho</translation>
    </message>
    <message>
        <source>Years a node serves after purchase; cohorts still in service at the horizon earn salvage</source>
        <translation>Anos de serviço de um nó após a compra; coortes ainda em serviço no horizonte têm valor residual</translation>
    </message>
    <message>
        <source>GPUs per node, lifetime</source>
        <translation>GPUs por nó, vida útil</translation>
    </message>
    <message>
        <source>Fleet:</source>
        <translation>Frota:</translation>
    </message>
    <message>
        <source>Sensitive work may only run on owned or sovereign infrastructure</source>
        <translation>Trabalho sensível só pode rodar em infraestrutura própria ou soberana</translation>
    </message>
    <message>
        <source>Sensitive workloads:</source>
        <translation>Cargas de trabalho sensíveis:</translation>
    </message>
    <message>
        <source>Uncertainty &amp;range...</source>
        <translation>&amp;Faixa de incerteza...</translation>
    </message>
    <message>
        <source>How the selected input varies in the Monte Carlo</source>
        <translation>Como o parâmetro selecionado varia no Monte Carlo</translation>
    </message>
    <message>
        <source>Uncertainty of %1</source>
        <translation>Incerteza de %1</translation>
    </message>
    <message>
        <source>Fixed (no uncertainty)</source>
        <translation>Fixo (sem incerteza)</translation>
    </message>
    <message>
        <source>Triangular: low and high around the value</source>
        <translation>Triangular: mínimo e máximo em torno do valor</translation>
    </message>
    <message>
        <source>Normal: standard deviation around the value</source>
        <translation>Normal: desvio padrão em torno do valor</translation>
    </message>
    <message>
        <source>Law:</source>
        <translation>Distribuição:</translation>
    </message>
    <message>
        <source>%1 is not valid: %2. The plan shows the last valid values.</source>
        <translation>%1 não é válido: %2. O plano mostra os últimos valores válidos.</translation>
    </message>
    <message>
        <source>One number for every year, or one per year separated by &apos;;&apos;</source>
        <translation>Um número para todos os anos, ou um por ano separados por &apos;;&apos;</translation>
    </message>
    <message>
        <source>Low:</source>
        <translation>Mínimo:</translation>
    </message>
    <message>
        <source>High:</source>
        <translation>Máximo:</translation>
    </message>
    <message>
        <source>Standard deviation:</source>
        <translation>Desvio padrão:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Enter one number, or one per year separated by &apos;;&apos;, in every field of the chosen law; the range is unchanged.</source>
        <translation>Introduza um número, ou um por ano separados por &apos;;&apos;, em cada campo da lei escolhida; o intervalo não foi alterado.</translation>
    </message>
</context>
<context>
    <name>sovereign::ScenarioParamsModel</name>
    <message>
        <source>fraction/year</source>
        <translation>fração/ano</translation>
    </message>
    <message>
        <source>x H100</source>
        <translation>x H100</translation>
    </message>
    <message>
        <source>fraction of price</source>
        <translation>fração do preço</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>fração</translation>
    </message>
    <message>
        <source>fraction of TDP</source>
        <translation>fração do TDP</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>razão</translation>
    </message>
    <message>
        <source>fraction of capex/year</source>
        <translation>fração do capex/ano</translation>
    </message>
    <message>
        <source>people</source>
        <translation>pessoas</translation>
    </message>
    <message>
        <source>USD/person/year</source>
        <translation>USD/pessoa/ano</translation>
    </message>
    <message>
        <source>TB per 1000 GPU-h</source>
        <translation>TB por 1000 GPU-h</translation>
    </message>
    <message>
        <source>runs/year</source>
        <translation>execuções/ano</translation>
    </message>
    <message>
        <source>H100-h</source>
        <translation>H100-h</translation>
    </message>
    <message>
        <source>tokens/month</source>
        <translation>tokens/mês</translation>
    </message>
    <message>
        <source>tokens/s per H100</source>
        <translation>tokens/s por H100</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>cenário</translation>
    </message>
    <message>
        <source>no limit set</source>
        <translation>nenhum limite definido</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sem limite</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Fonte: %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erro: %1</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Parâmetro</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidade</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Fonte</translation>
    </message>
    <message>
        <source>Range %1 to %2 (triangular), varies in the Monte Carlo</source>
        <translation>Faixa de %1 a %2 (triangular), varia no Monte Carlo</translation>
    </message>
    <message>
        <source>Normal, standard deviation %1, varies in the Monte Carlo</source>
        <translation>Normal, desvio padrão %1, varia no Monte Carlo</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a number (expected %3); the value is unchanged.</source>
        <translation>%1: &apos;%2&apos; não é um número (esperado: %3); o valor não foi alterado.</translation>
    </message>
    <message>
        <source>USD/year</source>
        <translation>USD/ano</translation>
    </message>
</context>
<context>
    <name>sovereign::UncertaintyWidget</name>
    <message>
        <source>&amp;Run</source>
        <translation>Exec&amp;utar</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Ca&amp;ncelar</translation>
    </message>
    <message>
        <source>Draws:</source>
        <translation>Amostras:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Semente:</translation>
    </message>
    <message>
        <source>Monte Carlo stopped: %1</source>
        <translation>Monte Carlo interrompido: %1</translation>
    </message>
    <message>
        <source>Press Run to draw the uncertain inputs (catalog ranges and the scenario&apos;s uncertainty section).</source>
        <translation>Clique em Executar para sortear os parâmetros incertos (faixas do catálogo e seção de incerteza do cenário).</translation>
    </message>
    <message>
        <source>The scenario is not valid; fix it in the editor first.</source>
        <translation>O cenário não é válido; corrija-o primeiro no editor.</translation>
    </message>
    <message>
        <source>Running %1 draws...</source>
        <translation>Executando %1 amostras...</translation>
    </message>
    <message>
        <source>%1 draws over %2 uncertain inputs. P(own beats lease) = %3. P(optimal fleet sends sensitive work abroad) = %4.</source>
        <translation>%1 amostras sobre %2 parâmetros incertos. P(possuir supera alugar) = %3. P(frota ótima envia cargas sensíveis ao exterior) = %4.</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>Mean (M USD)</source>
        <translation>Média (M USD)</translation>
    </message>
    <message>
        <source>Feasible draws</source>
        <translation>Amostras viáveis</translation>
    </message>
    <message>
        <source>Tornado: optimal plan NPV change (M USD)</source>
        <translation>Tornado: variação do VPL do plano ótimo (M USD)</translation>
    </message>
    <message>
        <source>input low</source>
        <translation>valor baixo</translation>
    </message>
    <message>
        <source>input high</source>
        <translation>valor alto</translation>
    </message>
    <message>
        <source>GPU price</source>
        <translation>Preço da GPU</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>Utilização</translation>
    </message>
    <message>
        <source>PUE</source>
        <translation>PUE</translation>
    </message>
    <message>
        <source>Electricity price</source>
        <translation>Preço da eletricidade</translation>
    </message>
    <message>
        <source>Staff cost</source>
        <translation>Custo de pessoal</translation>
    </message>
    <message>
        <source>Cloud GPU-hour price</source>
        <translation>Preço cloud por GPU-hora</translation>
    </message>
    <message>
        <source>Cloud egress price</source>
        <translation>Preço de saída de dados da nuvem</translation>
    </message>
    <message>
        <source>Discount rate</source>
        <translation>Taxa de desconto</translation>
    </message>
    <message>
        <source>Maintenance rate</source>
        <translation>Taxa de manutenção</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>GPU-hours</source>
        <translation>Horas de GPU</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Execuções</translation>
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
        <translation>VPL (M USD)</translation>
    </message>
    <message>
        <source>NPV change (M USD)</source>
        <translation>Variação do VPL (M USD)</translation>
    </message>
    <message>
        <source>Distribution of NPV across draws</source>
        <translation>Distribuição do VPL nos sorteios</translation>
    </message>
</context>
</TS>
