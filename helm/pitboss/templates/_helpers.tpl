{{/* The release's name prefix for every object: <release>-pitboss, or the release name when it already says pitboss. */}}
{{- define "pitboss.fullname" -}}
{{- if contains "pitboss" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-pitboss" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pitboss.labels" -}}
app.kubernetes.io/name: pitboss
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: (dict "ctx" $ "component" "wallet") */}}
{{- define "pitboss.selector" -}}
app.kubernetes.io/name: pitboss
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "pitboss.componentLabels" -}}
{{ include "pitboss.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Image reference of one component: (dict "ctx" $ "repository" .Values.image.wallet) */}}
{{- define "pitboss.image" -}}
{{- printf "%s%s:%s" .ctx.Values.image.registry .repository (default .ctx.Chart.AppVersion .ctx.Values.image.tag) -}}
{{- end -}}

{{/* The restricted Pod Security Standard, for every pod the chart makes. */}}
{{- define "pitboss.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "pitboss.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* JVM sized by the container's memory limit; /tmp is the only writable path. */}}
{{- define "pitboss.javaToolOptions" -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "-XX:MaxRAMPercentage=%v -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" . | quote }}
{{- end -}}

{{- define "pitboss.tlsSecret" -}}
{{- $prefix := .ctx.Values.certificates.existingSecretPrefix | default (printf "%s-tls" (include "pitboss.fullname" .ctx)) -}}
{{- printf "%s-%s" $prefix .component -}}
{{- end -}}

{{- define "pitboss.walletHost" -}}
{{- printf "%s-wallet.%s.svc" (include "pitboss.fullname" .) .Release.Namespace -}}
{{- end -}}

{{/* The names the wallet's server certificate carries: every way a caller may dial its Service. */}}
{{- define "pitboss.walletDnsNames" -}}
{{- $fullname := include "pitboss.fullname" . -}}
- {{ printf "%s-wallet" $fullname }}
- {{ printf "%s-wallet.%s" $fullname .Release.Namespace }}
- {{ include "pitboss.walletHost" . }}
- {{ printf "%s.cluster.local" (include "pitboss.walletHost" .) }}
{{- end -}}

{{- define "pitboss.walletTarget" -}}
{{- printf "%s:%v" (include "pitboss.walletHost" .) .Values.wallet.grpcPort -}}
{{- end -}}

{{- define "pitboss.ticketSecret" -}}
{{- .Values.ticketSigning.existingSecret | default (printf "%s-ticket-signing" (include "pitboss.fullname" .)) -}}
{{- end -}}

{{/*
The game servers' Redis (game-server/server/README.md "Configuration"): the URL (rediss:// is TLS), the
ACL user, and files from the Secrets: the password and the TLS CA and client certificate.
*/}}
{{- define "pitboss.redisEnv" -}}
- name: PITBOSS_REDIS_URL
  value: {{ .Values.redis.url | quote }}
{{- with .Values.redis.username }}
- name: PITBOSS_REDIS_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- if .Values.redis.existingSecret }}
- name: PITBOSS_REDIS_PASSWORD_FILE
  value: /etc/pitboss/redis-auth/password
{{- end }}
{{- if .Values.redis.tls.existingSecret }}
- name: PITBOSS_REDIS_CA
  value: /etc/pitboss/redis-tls/ca.crt
{{- if .Values.redis.tls.clientCertificate }}
- name: PITBOSS_REDIS_CERT
  value: /etc/pitboss/redis-tls/tls.crt
- name: PITBOSS_REDIS_KEY
  value: /etc/pitboss/redis-tls/tls.key
{{- end }}
{{- end }}
{{- end -}}

{{/* The matchmaker's Redis (matchmaker/README.md "Configuration"), the same Redis and files. */}}
{{- define "pitboss.matchmakerRedisEnv" -}}
- name: PITBOSS_MATCHMAKER_REDIS_HOST
  value: {{ include "pitboss.redisHost" . | quote }}
- name: PITBOSS_MATCHMAKER_REDIS_PORT
  value: {{ .Values.redis.port | quote }}
{{- with .Values.redis.username }}
- name: PITBOSS_MATCHMAKER_REDIS_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- if .Values.redis.existingSecret }}
- name: PITBOSS_MATCHMAKER_REDIS_PASSWORD_FILE
  value: /etc/pitboss/redis-auth/password
{{- end }}
{{- if hasPrefix "rediss://" .Values.redis.url }}
- name: PITBOSS_MATCHMAKER_REDIS_TLS
  value: "true"
{{- end }}
{{- if .Values.redis.tls.existingSecret }}
- name: PITBOSS_MATCHMAKER_REDIS_TRUST_ROOTS
  value: /etc/pitboss/redis-tls/ca.crt
{{- if .Values.redis.tls.clientCertificate }}
- name: PITBOSS_MATCHMAKER_REDIS_CERT_CHAIN
  value: /etc/pitboss/redis-tls/tls.crt
- name: PITBOSS_MATCHMAKER_REDIS_PRIVATE_KEY
  value: /etc/pitboss/redis-tls/tls.key
{{- end }}
{{- end }}
{{- end -}}

{{/* Mounts of the Redis Secrets, for the two lists below; nothing without them. */}}
{{- define "pitboss.redisVolumeMounts" -}}
{{- if .Values.redis.existingSecret }}
- {name: redis-auth, mountPath: /etc/pitboss/redis-auth, readOnly: true}
{{- end }}
{{- if .Values.redis.tls.existingSecret }}
- {name: redis-tls, mountPath: /etc/pitboss/redis-tls, readOnly: true}
{{- end }}
{{- end -}}

{{- define "pitboss.redisVolumes" -}}
{{- if .Values.redis.existingSecret }}
- name: redis-auth
  secret:
    secretName: {{ .Values.redis.existingSecret }}
    items:
      - {key: {{ .Values.redis.passwordKey }}, path: password}
{{- end }}
{{- if .Values.redis.tls.existingSecret }}
- name: redis-tls
  secret:
    secretName: {{ .Values.redis.tls.existingSecret }}
    items:
      - {key: ca.crt, path: ca.crt}
      {{- if .Values.redis.tls.clientCertificate }}
      - {key: tls.crt, path: tls.crt}
      - {key: tls.key, path: tls.key}
      {{- end }}
{{- end }}
{{- end -}}

{{- define "pitboss.pullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
The JWK set (RFC 7517) of one ECDSA P-256 private key given as a SEC 1 PEM ("EC PRIVATE KEY", what
genPrivateKey "ecdsa" writes): {"keys": [{kty, crv, x, y, d, kid, use, alg}]}. A P-256 key's SEC 1
DER is always the same 121 bytes around its numbers: d at bytes 7-38, the uncompressed point's x at
57-88 and y at 89-120; the fixed bytes are checked, so any other key fails the render instead of
yielding a wrong JWK. kid is the key's RFC 7638 thumbprint (SHA-256 of the canonical public JWK), in hex.
*/}}
{{- define "pitboss.ticketJwks" -}}
{{- $der := . | replace "-----BEGIN EC PRIVATE KEY-----" "" | replace "-----END EC PRIVATE KEY-----" "" | nospace | b64dec -}}
{{- if or (ne (len $der) 121) (ne (substr 0 7 $der | b64enc) "MHcCAQEEIA==") (ne (substr 39 57 $der | b64enc) "oAoGCCqGSM49AwEHoUQDQgAE") -}}
{{- fail "the ticket signing key is not an ECDSA P-256 key in SEC 1 form (EC PRIVATE KEY)" -}}
{{- end -}}
{{- $d := substr 7 39 $der | b64enc | replace "+" "-" | replace "/" "_" | trimSuffix "=" -}}
{{- $x := substr 57 89 $der | b64enc | replace "+" "-" | replace "/" "_" | trimSuffix "=" -}}
{{- $y := substr 89 121 $der | b64enc | replace "+" "-" | replace "/" "_" | trimSuffix "=" -}}
{{- $kid := printf "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}" $x $y | sha256sum -}}
{{- printf "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"%s\",\"y\":\"%s\",\"d\":\"%s\",\"kid\":\"%s\",\"use\":\"sig\",\"alg\":\"ES256\"}]}" $x $y $d $kid -}}
{{- end -}}

{{/* The host in redis.url, for the matchmaker, which takes host and port apart (its port is redis.port). */}}
{{- define "pitboss.redisHost" -}}
{{- first (splitList ":" (urlParse .Values.redis.url).host) -}}
{{- end -}}

{{/* The port of the player-token JWKS URL, for the matchmaker's egress: explicit, else the scheme's. */}}
{{- define "pitboss.authJwksPort" -}}
{{- $url := urlParse .Values.matchmaker.auth.jwksUrl -}}
{{- $parts := splitList ":" $url.host -}}
{{- if gt (len $parts) 1 -}}
{{- last $parts -}}
{{- else -}}
{{- ternary "443" "80" (eq $url.scheme "https") -}}
{{- end -}}
{{- end -}}
