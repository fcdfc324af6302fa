# Production values. db_password is not here on purpose: see variables.tf.
environment       = "prod"
app_ami           = "ami-087fc0fcee2c7570a"
app_instance_type = "t3.small"
