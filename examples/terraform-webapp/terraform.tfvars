environment          = "prod"
vpc_cidr             = "10.42.0.0/16"
availability_zones   = ["eu-west-1a", "eu-west-1b"]
web_instances_per_az = 1
app_instances_per_az = 1

# Opened "for a day" during the migration to SSM Session Manager.
admin_cidrs = ["0.0.0.0/0"]
