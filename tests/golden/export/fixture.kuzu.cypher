// kg: 11 nodes and 24 relationships. Run in an empty database: kuzu DB < FILE
CREATE NODE TABLE `chip`(id STRING PRIMARY KEY, title STRING, kind STRING, path STRING, tags STRING[], aliases STRING[], `node_nm` INT64);
CREATE NODE TABLE `company`(id STRING PRIMARY KEY, title STRING, kind STRING, path STRING, tags STRING[], aliases STRING[], `employees` INT64, `founded` INT64);
CREATE NODE TABLE `ghost`(id STRING PRIMARY KEY, title STRING, kind STRING, path STRING, tags STRING[], aliases STRING[]);
CREATE NODE TABLE `model`(id STRING PRIMARY KEY, title STRING, kind STRING, path STRING, tags STRING[], aliases STRING[], `open_weights` BOOLEAN, `params_b` DOUBLE);
CREATE REL TABLE `competitor`(FROM `company` TO `company`, FROM `company` TO `ghost`, implied BOOLEAN, statements INT64, provenance STRING);
CREATE REL TABLE `developed_by`(FROM `chip` TO `company`, FROM `model` TO `company`, implied BOOLEAN, statements INT64, provenance STRING, `since` INT64, `source` STRING);
CREATE REL TABLE `develops`(FROM `company` TO `chip`, FROM `company` TO `model`, implied BOOLEAN, statements INT64, provenance STRING, `since` INT64, `source` STRING);
CREATE REL TABLE `rates`(FROM `company` TO `company`, implied BOOLEAN, statements INT64, provenance STRING, `since` STRING, `source` STRING, `target` INT64, `until` STRING);
CREATE REL TABLE `runs_on`(FROM `model` TO `chip`, implied BOOLEAN, statements INT64, provenance STRING);
CREATE REL TABLE `successor_of`(FROM `chip` TO `chip`, implied BOOLEAN, statements INT64, provenance STRING);
CREATE REL TABLE `supplier`(FROM `company` TO `company`, implied BOOLEAN, statements INT64, provenance STRING, `since` INT64, `until` STRING);
UNWIND [
  {c0: 'chips/R1 chip.md', c1: 'R1 chip', c2: 'note', c3: 'chips/R1 chip.md', c4: CAST(NULL AS STRING[]), c5: CAST(NULL AS STRING[]), c6: 7},
  {c0: 'chips/R2 chip.md', c1: 'R2 chip', c2: 'note', c3: 'chips/R2 chip.md', c4: CAST(NULL AS STRING[]), c5: CAST(NULL AS STRING[]), c6: 3}
] AS row
CREATE (n:`chip` {id: row.c0, title: row.c1, kind: row.c2, path: row.c3, tags: row.c4, aliases: row.c5, `node_nm`: row.c6});
UNWIND [
  {c0: 'companies/Acme.md', c1: 'Acme', c2: 'note', c3: 'companies/Acme.md', c4: ['company', 'maker'], c5: ['ACME Corp'], c6: 1200, c7: 1999},
  {c0: 'companies/Chipco.md', c1: 'Chipco', c2: 'note', c3: 'companies/Chipco.md', c4: ['company', 'foundry'], c5: CAST(NULL AS STRING[]), c6: CAST(NULL AS INT64), c7: 1987},
  {c0: 'companies/Globex.md', c1: 'Globex', c2: 'note', c3: 'companies/Globex.md', c4: ['company'], c5: CAST(NULL AS STRING[]), c6: 300, c7: 2005},
  {c0: 'companies/Hooli.md', c1: 'Hooli', c2: 'note', c3: 'companies/Hooli.md', c4: ['company'], c5: CAST(NULL AS STRING[]), c6: CAST(NULL AS INT64), c7: 2010},
  {c0: 'companies/Initech.md', c1: 'Initech', c2: 'note', c3: 'companies/Initech.md', c4: ['company', 'analyst'], c5: CAST(NULL AS STRING[]), c6: CAST(NULL AS INT64), c7: 1990}
] AS row
CREATE (n:`company` {id: row.c0, title: row.c1, kind: row.c2, path: row.c3, tags: row.c4, aliases: row.c5, `employees`: row.c6, `founded`: row.c7});
UNWIND [
  {c0: 'ghost:pied piper', c1: 'Pied Piper', c2: 'ghost', c3: CAST(NULL AS STRING), c4: CAST(NULL AS STRING[]), c5: CAST(NULL AS STRING[])}
] AS row
CREATE (n:`ghost` {id: row.c0, title: row.c1, kind: row.c2, path: row.c3, tags: row.c4, aliases: row.c5});
UNWIND [
  {c0: 'models/Falcon.md', c1: 'Falcon', c2: 'note', c3: 'models/Falcon.md', c4: CAST(NULL AS STRING[]), c5: CAST(NULL AS STRING[]), c6: false, c7: 7.5},
  {c0: 'models/Hawk.md', c1: 'Hawk', c2: 'note', c3: 'models/Hawk.md', c4: CAST(NULL AS STRING[]), c5: CAST(NULL AS STRING[]), c6: CAST(NULL AS BOOLEAN), c7: 400.0},
  {c0: 'models/Roadrunner.md', c1: 'Roadrunner', c2: 'note', c3: 'models/Roadrunner.md', c4: CAST(NULL AS STRING[]), c5: CAST(NULL AS STRING[]), c6: true, c7: 70.0}
] AS row
CREATE (n:`model` {id: row.c0, title: row.c1, kind: row.c2, path: row.c3, tags: row.c4, aliases: row.c5, `open_weights`: row.c6, `params_b`: row.c7});
UNWIND [
  {s: 'companies/Acme.md', t: 'companies/Globex.md', c0: false, c1: 1, c2: 'companies/Acme.md:7'},
  {s: 'companies/Acme.md', t: 'companies/Initech.md', c0: false, c1: 1, c2: 'companies/Acme.md:7'},
  {s: 'companies/Globex.md', t: 'companies/Acme.md', c0: true, c1: 1, c2: 'companies/Acme.md:7'},
  {s: 'companies/Initech.md', t: 'companies/Acme.md', c0: true, c1: 1, c2: 'companies/Acme.md:7'}
] AS row
MATCH (a:`company` {id: row.s}), (b:`company` {id: row.t})
CREATE (a)-[:`competitor` {implied: row.c0, statements: row.c1, provenance: row.c2}]->(b);
UNWIND [
  {s: 'companies/Hooli.md', t: 'ghost:pied piper', c0: false, c1: 1, c2: 'companies/Hooli.md:6'}
] AS row
MATCH (a:`company` {id: row.s}), (b:`ghost` {id: row.t})
CREATE (a)-[:`competitor` {implied: row.c0, statements: row.c1, provenance: row.c2}]->(b);
UNWIND [
  {s: 'chips/R1 chip.md', t: 'companies/Chipco.md', c0: true, c1: 1, c2: 'companies/Chipco.md:4', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)},
  {s: 'chips/R2 chip.md', t: 'companies/Chipco.md', c0: true, c1: 1, c2: 'companies/Chipco.md:4', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)}
] AS row
MATCH (a:`chip` {id: row.s}), (b:`company` {id: row.t})
CREATE (a)-[:`developed_by` {implied: row.c0, statements: row.c1, provenance: row.c2, `since`: row.c3, `source`: row.c4}]->(b);
UNWIND [
  {s: 'models/Falcon.md', t: 'companies/Globex.md', c0: true, c1: 1, c2: 'companies/Globex.md:5', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)},
  {s: 'models/Hawk.md', t: 'companies/Globex.md', c0: true, c1: 1, c2: 'companies/Globex.md:5', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)},
  {s: 'models/Roadrunner.md', t: 'companies/Acme.md', c0: true, c1: 1, c2: 'companies/Acme.md:8', c3: 2023, c4: 'annual report'}
] AS row
MATCH (a:`model` {id: row.s}), (b:`company` {id: row.t})
CREATE (a)-[:`developed_by` {implied: row.c0, statements: row.c1, provenance: row.c2, `since`: row.c3, `source`: row.c4}]->(b);
UNWIND [
  {s: 'companies/Chipco.md', t: 'chips/R1 chip.md', c0: false, c1: 1, c2: 'companies/Chipco.md:4', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)},
  {s: 'companies/Chipco.md', t: 'chips/R2 chip.md', c0: false, c1: 1, c2: 'companies/Chipco.md:4', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)}
] AS row
MATCH (a:`company` {id: row.s}), (b:`chip` {id: row.t})
CREATE (a)-[:`develops` {implied: row.c0, statements: row.c1, provenance: row.c2, `since`: row.c3, `source`: row.c4}]->(b);
UNWIND [
  {s: 'companies/Acme.md', t: 'models/Roadrunner.md', c0: false, c1: 1, c2: 'companies/Acme.md:8', c3: 2023, c4: 'annual report'},
  {s: 'companies/Globex.md', t: 'models/Falcon.md', c0: false, c1: 1, c2: 'companies/Globex.md:5', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)},
  {s: 'companies/Globex.md', t: 'models/Hawk.md', c0: false, c1: 1, c2: 'companies/Globex.md:5', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)}
] AS row
MATCH (a:`company` {id: row.s}), (b:`model` {id: row.t})
CREATE (a)-[:`develops` {implied: row.c0, statements: row.c1, provenance: row.c2, `since`: row.c3, `source`: row.c4}]->(b);
UNWIND [
  {s: 'companies/Hooli.md', t: 'companies/Acme.md', c0: false, c1: 1, c2: 'companies/Hooli.md:5', c3: '2025-09', c4: 'autumn note', c5: 179, c6: CAST(NULL AS STRING)},
  {s: 'companies/Initech.md', t: 'companies/Acme.md', c0: false, c1: 1, c2: 'companies/Initech.md:5', c3: CAST(NULL AS STRING), c4: 'spring note', c5: 163, c6: '2025-09'}
] AS row
MATCH (a:`company` {id: row.s}), (b:`company` {id: row.t})
CREATE (a)-[:`rates` {implied: row.c0, statements: row.c1, provenance: row.c2, `since`: row.c3, `source`: row.c4, `target`: row.c5, `until`: row.c6}]->(b);
UNWIND [
  {s: 'models/Falcon.md', t: 'chips/R1 chip.md', c0: false, c1: 1, c2: 'models/Falcon.md:4'},
  {s: 'models/Hawk.md', t: 'chips/R2 chip.md', c0: false, c1: 1, c2: 'models/Hawk.md:3'},
  {s: 'models/Roadrunner.md', t: 'chips/R1 chip.md', c0: false, c1: 1, c2: 'models/Roadrunner.md:4'},
  {s: 'models/Roadrunner.md', t: 'chips/R2 chip.md', c0: false, c1: 1, c2: 'models/Roadrunner.md:4'}
] AS row
MATCH (a:`model` {id: row.s}), (b:`chip` {id: row.t})
CREATE (a)-[:`runs_on` {implied: row.c0, statements: row.c1, provenance: row.c2}]->(b);
UNWIND [
  {s: 'chips/R2 chip.md', t: 'chips/R1 chip.md', c0: false, c1: 1, c2: 'chips/R2 chip.md:3'}
] AS row
MATCH (a:`chip` {id: row.s}), (b:`chip` {id: row.t})
CREATE (a)-[:`successor_of` {implied: row.c0, statements: row.c1, provenance: row.c2}]->(b);
UNWIND [
  {s: 'companies/Acme.md', t: 'companies/Chipco.md', c0: false, c1: 3, c2: 'companies/Acme.md:6; companies/Acme.md:14; companies/Acme.md:16', c3: CAST(NULL AS INT64), c4: CAST(NULL AS STRING)},
  {s: 'companies/Globex.md', t: 'companies/Chipco.md', c0: false, c1: 1, c2: 'companies/Globex.md:6', c3: 2021, c4: '2024-06'}
] AS row
MATCH (a:`company` {id: row.s}), (b:`company` {id: row.t})
CREATE (a)-[:`supplier` {implied: row.c0, statements: row.c1, provenance: row.c2, `since`: row.c3, `until`: row.c4}]->(b);
