# The instances, the load balancer in front of the app tier, and the database.

locals {
  ami = "ami-0c4e1d2f3a5b6c7d8"
}

resource "aws_instance" "web" {
  ami                    = local.ami
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.public_a.id
  private_ip             = "10.0.0.10"
  ipv6_addresses         = ["2a05:d018:1a2:ee00:3c1f:9a2b:7d10:4e21"]
  vpc_security_group_ids = [aws_security_group.web.id]
  tags                   = { Name = "web", tier = "web" }
}

resource "aws_instance" "app_1" {
  ami                    = local.ami
  instance_type          = "m6i.large"
  subnet_id              = aws_subnet.app_a.id
  private_ip             = "10.0.10.20"
  ipv6_addresses         = ["2a05:d018:1a2:ee0a:91e4:2c07:b55d:1a0f"]
  vpc_security_group_ids = [aws_security_group.app.id]
  tags                   = { Name = "app-1", tier = "app" }
}

resource "aws_instance" "app_2" {
  ami                    = local.ami
  instance_type          = "m6i.large"
  subnet_id              = aws_subnet.app_b.id
  private_ip             = "10.0.11.20"
  ipv6_addresses         = ["2a05:d018:1a2:ee0b:5d2e:e81a:40c3:77b9"]
  vpc_security_group_ids = [aws_security_group.app.id]
  tags                   = { Name = "app-2", tier = "app" }
}

# The previous application server, kept running in the code until the
# migration to app-1/app-2 is signed off.
resource "aws_instance" "app_old" {
  ami                    = local.ami
  instance_type          = "m5.large"
  subnet_id              = aws_subnet.app_a.id
  private_ip             = "10.0.10.99"
  ipv6_addresses         = ["2a05:d018:1a2:ee0a:e07b:13aa:6f42:c9d8"]
  vpc_security_group_ids = [aws_security_group.app.id]
  tags                   = { Name = "app-old", tier = "app" }
}

# The bastion has no IPv6 address (it was launched before public-b assigned
# them) and an Elastic IP.
resource "aws_instance" "bastion" {
  ami                    = local.ami
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public_b.id
  private_ip             = "10.0.1.30"
  ipv6_address_count     = 0
  vpc_security_group_ids = [aws_security_group.bastion.id]
  tags                   = { Name = "bastion", tier = "bastion" }
}

resource "aws_eip" "bastion" {
  domain   = "vpc"
  instance = aws_instance.bastion.id
  tags     = { Name = "bastion" }
}

# --- the load balancer ----------------------------------------------------------

resource "aws_lb" "web" {
  name               = "prod-web"
  internal           = false
  load_balancer_type = "application"
  ip_address_type    = "ipv4"
  subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id]
  security_groups    = [aws_security_group.web.id]
}

resource "aws_lb_target_group" "app" {
  name        = "prod-app"
  port        = 8080
  protocol    = "HTTP"
  target_type = "instance"
  vpc_id      = aws_vpc.prod.id

  health_check {
    path    = "/healthz"
    matcher = "200"
  }
}

resource "aws_lb_target_group_attachment" "app_1" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = aws_instance.app_1.id
  port             = 8080
}

resource "aws_lb_target_group_attachment" "app_2" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = aws_instance.app_2.id
  port             = 8080
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/3f1e0a52-7c2b-4d8e-9a61-0e5b2c4d7f18"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

# --- the database ---------------------------------------------------------------

resource "aws_db_subnet_group" "data" {
  name       = "prod-data"
  subnet_ids = [aws_subnet.data_a.id, aws_subnet.data_b.id]
}

resource "aws_db_instance" "prod" {
  identifier                  = "prod-db"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  multi_az                    = true
  username                    = "app"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.data.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  publicly_accessible         = false
}
