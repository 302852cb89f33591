# ACL policy for junction-gateway (it does not register itself): read the services it routes to and their health,
# and the live traffic policies in KV.
#   consul acl policy create -name junction-gateway -rules @k8s/prod/consul-acl/junction-gateway.hcl
service_prefix "" {
  policy = "read"
}
node_prefix "" {
  policy = "read"
}
agent_prefix "" {
  policy = "read"
}
key_prefix "junction/policies/" {
  policy = "read"
}
