using System;
using BoneTumorTutor.Progress;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BoneTumorTutor.Data.Migrations
{
    /// <inheritdoc />
    public partial class Progress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProgressLearnerBands",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Band = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered = table.Column<int>(type: "INTEGER", nullable: false),
                    Correct = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressLearnerBands", x => new { x.UserId, x.Band });
                    table.ForeignKey(
                        name: "FK_ProgressLearnerBands_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgressLearnerDays",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Answered = table.Column<int>(type: "INTEGER", nullable: false),
                    Correct = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressLearnerDays", x => new { x.UserId, x.Day });
                    table.ForeignKey(
                        name: "FK_ProgressLearnerDays_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgressLearners",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Answered = table.Column<int>(type: "INTEGER", nullable: false),
                    Correct = table.Column<int>(type: "INTEGER", nullable: false),
                    Positives = table.Column<int>(type: "INTEGER", nullable: false),
                    AucTwiceU = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AidedAnswered = table.Column<int>(type: "INTEGER", nullable: false),
                    AidedCorrect = table.Column<int>(type: "INTEGER", nullable: false),
                    AidedUnaidedCorrect = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelRight = table.Column<int>(type: "INTEGER", nullable: false),
                    SwitchedWhenModelRight = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelWrong = table.Column<int>(type: "INTEGER", nullable: false),
                    SwitchedWhenModelWrong = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressLearners", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_ProgressLearners_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProgressRatings",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    TruthOs = table.Column<bool>(type: "INTEGER", nullable: false),
                    Confidence = table.Column<int>(type: "INTEGER", nullable: false),
                    Answered = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressRatings", x => new { x.UserId, x.TruthOs, x.Confidence });
                    table.ForeignKey(
                        name: "FK_ProgressRatings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressLearnerDays_Day_UserId_Answered_Correct",
                table: "ProgressLearnerDays",
                columns: new[] { "Day", "UserId", "Answered", "Correct" });

            // The summaries are kept by SQLite triggers on Attempts (hand-written SQL in ProgressSummarySql): first
            // the answers already there, then the triggers for every later insert, update and delete by any writer.
            if (!ProgressSummarySql.IsSqlite(migrationBuilder.ActiveProvider))
            {
                throw new NotSupportedException(
                    $"The progress summaries are maintained by SQLite triggers; port ProgressSummarySql to {migrationBuilder.ActiveProvider} before migrating.");
            }

            migrationBuilder.Sql(ProgressSummarySql.Backfill);
            migrationBuilder.Sql(ProgressSummarySql.CreateTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ProgressSummarySql.DropTriggers);

            migrationBuilder.DropTable(
                name: "ProgressLearnerBands");

            migrationBuilder.DropTable(
                name: "ProgressLearnerDays");

            migrationBuilder.DropTable(
                name: "ProgressLearners");

            migrationBuilder.DropTable(
                name: "ProgressRatings");
        }
    }
}
