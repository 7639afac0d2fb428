{{/* The wallet's database settings, shared by the Deployment and the migration Job. */}}
{{- define "pitboss.walletDbEnv" -}}
- name: PITBOSS_WALLET_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.wallet.database.existingSecret }}
      key: url
- name: PITBOSS_WALLET_REGIONS
  value: {{ join "," .Values.wallet.regions | quote }}
{{- end -}}
