import { cruise } from "dependency-cruiser";
const r = await cruise(["/tmp/fx/a"], { parser: "swc", tsPreCompilationDeps: true, validate: true,
  ruleSet: { forbidden: [{ name: "no-folder-cycle", severity: "error", scope: "folder", from: {}, to: { circular: true } }] } } as any, {}, {});
const out = r.output as any;
console.log(JSON.stringify(out.summary.violations, null, 1));
console.log(JSON.stringify(out.folders?.map((f:any)=>[f.name, f.dependencies.map((d:any)=>d.name)])));
