// Hold time of one answered call: fixed, or uniform in [min, max].
export function holdMsFor(minS: number, maxS: number, random: () => number = Math.random): number {
  if (maxS <= minS) return minS * 1000;
  return (minS + random() * (maxS - minS)) * 1000;
}
