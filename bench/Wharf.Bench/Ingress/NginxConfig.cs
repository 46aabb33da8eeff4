namespace Wharf.Bench.Ingress;

/// <summary>
/// nginx configurations for the yardstick, each for a process of its own so the CPU of each can be read apart: the
/// backend (answers "ok" from memory, so the proxies are measured and not the backend) and nginx as a keep-alive
/// reverse proxy to it, set up as ingress-nginx would.
/// </summary>
internal static class NginxConfig
{
    public static string Backend(string workDirectory, int port) => Wrap(workDirectory, $$"""
            server { listen 127.0.0.1:{{port}}; location / { return 200 "ok\n"; } }
        """);

    public static string Proxy(string workDirectory, int backendPort, int port) => Wrap(workDirectory, $$"""
            upstream backend { server 127.0.0.1:{{backendPort}}; keepalive 320; }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Real-IP $remote_addr;
                    proxy_set_header X-Forwarded-For $remote_addr;
                    proxy_set_header X-Forwarded-Host $host;
                    proxy_set_header X-Forwarded-Port $server_port;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_pass http://backend;
                }
            }
        """);

    private static string Wrap(string workDirectory, string servers) => $$"""
        worker_processes {{Environment.ProcessorCount}};
        pid {{workDirectory}}/nginx.pid;
        error_log {{workDirectory}}/error.log warn;
        daemon off;
        events { worker_connections 4096; }
        http {
            access_log off;
            client_body_temp_path {{workDirectory}}/body;
            proxy_temp_path {{workDirectory}}/proxy;
            fastcgi_temp_path {{workDirectory}}/fastcgi;
            uwsgi_temp_path {{workDirectory}}/uwsgi;
            scgi_temp_path {{workDirectory}}/scgi;
            keepalive_requests 100000;
        {{servers}}
        }
        """;
}
