/** One metric family of a Prometheus text exposition: its `# HELP` / `# TYPE` lines and its samples. */
interface Family {
  readonly header: string[];
  readonly samples: string[];
}

/** The family a sample line belongs to: histogram and summary samples carry suffixes of their family's name. */
function familyOf(sample: string, families: ReadonlyMap<string, Family>, current: string | undefined): string {
  const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(sample)?.[0] ?? '';
  if (families.has(name)) return name;
  return current ?? name;
}

/**
 * Joins several Prometheus text expositions into one in which each metric family appears once
 * (its HELP and TYPE from the first exposition that has it, then the samples of all), as the
 * format requires: registries of services sharing a process expose the same metric names, told
 * apart by their `service` label. Written here because prom-client's `Registry.merge` refuses
 * registries that share metric names.
 */
export function mergeExpositions(expositions: readonly string[]): string {
  const families = new Map<string, Family>();
  for (const text of expositions) {
    let current: string | undefined;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const header = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (header) {
        const name = header[2]!;
        current = name;
        let family = families.get(name);
        if (!family) families.set(name, (family = { header: [], samples: [] }));
        if (!family.header.some((existing) => existing.startsWith(`# ${header[1]} `))) family.header.push(line);
        continue;
      }
      if (line.startsWith('#')) continue;
      const name = familyOf(line, families, current);
      let family = families.get(name);
      if (!family) families.set(name, (family = { header: [], samples: [] }));
      family.samples.push(line);
    }
  }
  return [...families.values()].map((family) => [...family.header, ...family.samples].join('\n')).join('\n\n') + '\n';
}
