# One image build for every service; each service is a target: `docker build --target gateway .`
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/stack/package.json packages/stack/
COPY packages/testing/package.json packages/testing/
COPY gateway/package.json gateway/
COPY subgraphs/users/package.json subgraphs/users/
COPY subgraphs/market/package.json subgraphs/market/
COPY subgraphs/predictions/package.json subgraphs/predictions/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY . .
RUN chown -R node:node /app
USER node

FROM runtime AS gateway
EXPOSE 4000
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:4000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "run", "start:gateway"]

FROM runtime AS users
ENV PORT=4001
EXPOSE 4001
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:4001/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "run", "start:users"]

FROM runtime AS market
ENV PORT=4002
EXPOSE 4002
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:4002/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "run", "start:market"]

FROM runtime AS predictions
ENV PORT=4003
EXPOSE 4003
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:4003/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "run", "start:predictions"]
