import { defineConfig } from "vite";

// The built client goes where Maven packages it: web/target/classes/public, which the matchmaker
// serves at / (micronaut.router.static-resources, classpath:public).
export default defineConfig({
  build: {
    outDir: "target/classes/public",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    // `npm run dev` against a running matchmaker: PITBOSS_MATCHMAKER=http://127.0.0.1:8080
    proxy: Object.fromEntries(
      ["/v1", "/dev"].map((p) => [p, process.env.PITBOSS_MATCHMAKER ?? "http://127.0.0.1:8080"]),
    ),
  },
});
