# The workloads. payments: application servers, a Lambda function and an
# Aurora cluster; web: the public entry, an internet-facing load balancer in
# front of ECS tasks in the private subnets; sandbox: a developer machine.

# --- payments -----------------------------------------------------------------

resource "aws_security_group" "payments_app" {
  name   = "payments-app"
  vpc_id = aws_vpc.spoke["payments"].id
  ingress {
    description = "API calls from the web tier"
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = [var.spokes["web"].cidr]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "payments_app" {
  for_each               = toset(var.zones)
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "m6i.large"
  subnet_id              = aws_subnet.workload["payments/${each.key}"].id
  vpc_security_group_ids = [aws_security_group.payments_app.id]
  tags                   = { Role = "payments-app", Data = "pci" }
}

resource "aws_lambda_function" "settlement" {
  function_name = "settlement"
  role          = "arn:aws:iam::123456789012:role/settlement"
  handler       = "main.handler"
  runtime       = "python3.12"
  filename      = "settlement.zip"
  vpc_config {
    subnet_ids         = [for zone in var.zones : aws_subnet.workload["payments/${zone}"].id]
    security_group_ids = [aws_security_group.payments_app.id]
  }
  tags = { Role = "payments-app", Data = "pci" }
}

resource "aws_security_group" "payments_db" {
  name   = "payments-db"
  vpc_id = aws_vpc.spoke["payments"].id
  ingress {
    description     = "PostgreSQL from the payments application"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.payments_app.id]
  }
  ingress {
    description = "reporting, during the migration"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_db_subnet_group" "payments" {
  name       = "payments"
  subnet_ids = [for zone in var.zones : aws_subnet.workload["payments/${zone}"].id]
}

resource "aws_rds_cluster" "payments" {
  cluster_identifier     = "payments"
  engine                 = "aurora-postgresql"
  db_subnet_group_name   = aws_db_subnet_group.payments.name
  vpc_security_group_ids = [aws_security_group.payments_db.id]
  port                   = 5432
  tags                   = { Data = "pci" }
}

resource "aws_rds_cluster_instance" "payments" {
  count              = 2
  identifier         = "payments-${count.index}"
  cluster_identifier = aws_rds_cluster.payments.id
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
  tags               = { Role = "payments-db", Data = "pci" }
}

# --- web ----------------------------------------------------------------------

resource "aws_internet_gateway" "web" {
  vpc_id = aws_vpc.spoke["web"].id
}

resource "aws_subnet" "web_public" {
  count             = length(var.zones)
  vpc_id            = aws_vpc.spoke["web"].id
  cidr_block        = cidrsubnet(var.spokes["web"].cidr, 8, 100 + count.index)
  ipv6_cidr_block   = cidrsubnet(aws_vpc.spoke["web"].ipv6_cidr_block, 8, count.index)
  availability_zone = var.zones[count.index]
  tags              = { Tier = "public" }
}

resource "aws_route_table" "web_public" {
  vpc_id = aws_vpc.spoke["web"].id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.web.id
  }
  route {
    ipv6_cidr_block = "::/0"
    gateway_id      = aws_internet_gateway.web.id
  }
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}

resource "aws_route_table_association" "web_public" {
  count          = length(var.zones)
  subnet_id      = aws_subnet.web_public[count.index].id
  route_table_id = aws_route_table.web_public.id
}

resource "aws_security_group" "alb" {
  name   = "web-alb"
  vpc_id = aws_vpc.spoke["web"].id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = [var.spokes["web"].cidr]
  }
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = aws_subnet.web_public[*].id
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "frontend" {
  name        = "frontend"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.spoke["web"].id
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/web"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.frontend.arn
  }
}

resource "aws_security_group" "frontend" {
  name   = "frontend"
  vpc_id = aws_vpc.spoke["web"].id
  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_service" "frontend" {
  name            = "frontend"
  cluster         = "arn:aws:ecs:eu-west-1:123456789012:cluster/web"
  task_definition = "frontend:42"
  desired_count   = 4
  network_configuration {
    subnets          = [for zone in var.zones : aws_subnet.workload["web/${zone}"].id]
    security_groups  = [aws_security_group.frontend.id]
    assign_public_ip = false
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.frontend.arn
    container_name   = "frontend"
    container_port   = 8080
  }
  tags = { Role = "frontend" }
}

# The operations dashboard: no public IPv4, but a global IPv6 address (the
# web spoke is dual-stack); HTTPS from the operations team's IPv6 range only.
resource "aws_security_group" "ops" {
  name   = "web-ops"
  vpc_id = aws_vpc.spoke["web"].id
  ingress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = [var.admin_ipv6]
  }
  egress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = [var.spokes["web"].cidr]
  }
}

resource "aws_instance" "ops" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.web_public[0].id
  ipv6_address_count     = 1
  vpc_security_group_ids = [aws_security_group.ops.id]
  tags                   = { Role = "ops" }
}

# --- sandbox --------------------------------------------------------------------

resource "aws_security_group" "sandbox" {
  name   = "sandbox"
  vpc_id = aws_vpc.spoke["sandbox"].id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.spokes["sandbox"].cidr]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "sandbox" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.medium"
  subnet_id              = aws_subnet.workload["sandbox/eu-west-1a"].id
  vpc_security_group_ids = [aws_security_group.sandbox.id]
  tags                   = { Role = "sandbox" }
}
