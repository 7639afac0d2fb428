{{/*
The game-server pod template (a PodTemplateSpec) the operator puts in every region's Fleet. Agones adds
its SDK sidecar and the GameServer's port; the container named gameServer.container is the one Agones
gives the port to. Environment: game-server/server/README.md "Configuration".
*/}}
{{- define "pitboss.gameServerPodTemplate" -}}
metadata:
  labels:
    {{- include "pitboss.componentLabels" (dict "ctx" . "component" "game-server") | nindent 4 }}
spec:
  terminationGracePeriodSeconds: {{ .Values.gameServer.terminationGracePeriodSeconds }}
  {{- include "pitboss.pullSecrets" . | nindent 2 }}
  securityContext:
    {{- include "pitboss.podSecurityContext" . | nindent 4 }}
  containers:
    - name: {{ .Values.gameServer.container }}
      image: {{ include "pitboss.image" (dict "ctx" . "repository" .Values.image.gameServer) }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      env:
        {{- include "pitboss.javaToolOptions" .Values.gameServer.maxRAMPercentage | nindent 8 }}
        - name: PITBOSS_GS_BIND
          value: {{ printf "0.0.0.0:%v" .Values.gameServer.port | quote }}
        - name: PITBOSS_GS_ADMIN_BIND
          value: {{ printf "0.0.0.0:%v" .Values.gameServer.adminPort | quote }}
        - name: PITBOSS_WALLET_TARGET
          value: {{ include "pitboss.walletTarget" . | quote }}
        - name: PITBOSS_WALLET_CERT
          value: /etc/pitboss/tls/tls.crt
        - name: PITBOSS_WALLET_KEY
          value: /etc/pitboss/tls/tls.key
        - name: PITBOSS_WALLET_CA
          value: /etc/pitboss/tls/ca.crt
        {{- include "pitboss.redisEnv" . | nindent 8 }}
        - name: PITBOSS_TICKET_ISSUER
          value: {{ .Values.ticketSigning.issuer | quote }}
        - name: PITBOSS_TICKET_JWKS
          value: {{ printf "http://%s-matchmaker.%s.svc:%v%s" (include "pitboss.fullname" .) .Release.Namespace .Values.matchmaker.port .Values.matchmaker.jwksPath | quote }}
        - name: PITBOSS_IDLE_GRACE_SECONDS
          value: {{ .Values.gameServer.idleGraceSeconds | quote }}
        - name: PITBOSS_WHEN_IDLE
          value: {{ .Values.gameServer.whenIdle | quote }}
        - name: PITBOSS_DRAIN_TIMEOUT_SECONDS
          value: {{ .Values.gameServer.drainTimeoutSeconds | quote }}
        {{- range $name, $value := .Values.gameServer.extraEnv }}
        - name: {{ $name }}
          value: {{ $value | quote }}
        {{- end }}
      ports:
        - name: admin
          containerPort: {{ .Values.gameServer.adminPort }}
      livenessProbe:
        httpGet: {path: /healthz, port: admin}
        initialDelaySeconds: 20
        periodSeconds: 10
      readinessProbe:
        httpGet: {path: /readyz, port: admin}
        periodSeconds: 5
      resources:
        {{- toYaml .Values.gameServer.resources | nindent 8 }}
      securityContext:
        {{- include "pitboss.containerSecurityContext" . | nindent 8 }}
      volumeMounts:
        - {name: tls, mountPath: /etc/pitboss/tls, readOnly: true}
        - {name: tmp, mountPath: /tmp}
        {{- with include "pitboss.redisVolumeMounts" . }}
        {{- trim . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tls
      secret:
        secretName: {{ include "pitboss.tlsSecret" (dict "ctx" . "component" "game-server") }}
    - name: tmp
      emptyDir: {sizeLimit: 64Mi}
    {{- with include "pitboss.redisVolumes" . }}
    {{- trim . | nindent 4 }}
    {{- end }}
  {{- with .Values.gameServer.nodeSelector }}
  nodeSelector: {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.gameServer.tolerations }}
  tolerations: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
